import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../../src/index.ts';

export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  declare id: string;
  declare name: string;
  declare nameKey: string;
  declare description: string | null;
  declare color: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const tagKey = (name: string) => name.trim().toLowerCase();

export function defineTagModels(sequelize: Sequelize): void {
  Tag.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      name: { type: DataTypes.STRING(100), allowNull: false },
      nameKey: { type: DataTypes.STRING(100), allowNull: false, unique: true },
      description: { type: DataTypes.TEXT, allowNull: true },
      color: { type: DataTypes.STRING(7), allowNull: true },
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    {
      sequelize,
      tableName: 'tags',
      hooks: {
        // A rename from anywhere (API, dashboard) keeps the case-insensitive key in step.
        // beforeSave, not beforeValidate: only fields changed in beforeSave join the UPDATE.
        beforeSave(tag) {
          if (tag.changed('name') || !tag.nameKey) tag.nameKey = tagKey(tag.name ?? '');
        },
      },
    },
  );
}
