import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'asset-forge';

export class Greeting extends Model<InferAttributes<Greeting>, InferCreationAttributes<Greeting>> {
  declare id: string;
  declare name: string;
  declare createdAt: CreationOptional<Date>;
}

export function defineGreetingModel(sequelize: Sequelize): void {
  Greeting.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: { type: DataTypes.STRING(100), allowNull: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'hello_greetings', updatedAt: false },
  );
}
