import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn, timestampColumn } from '../../src/index.ts';

export const GENERATION_STATUSES = ['pending', 'generating', 'completed', 'failed', 'cancelled'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

export class Generation extends Model<InferAttributes<Generation>, InferCreationAttributes<Generation>> {
  declare id: string;
  declare assetId: string;
  declare projectId: string;
  declare parameters: Record<string, unknown>;
  declare model: string | null;
  declare status: GenerationStatus;
  declare isFavorite: boolean;
  declare imagePath: string | null;
  declare imageUrl: string | null;
  declare fileId: string | null;
  declare fileSize: number | null;
  declare width: number | null;
  declare height: number | null;
  declare format: string | null;
  declare metadata: Record<string, unknown>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function defineGenerationModel(sequelize: Sequelize): void {
  Generation.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      assetId: { type: DataTypes.UUID, allowNull: false },
      projectId: { type: DataTypes.STRING(100), allowNull: false },
      parameters: jsonColumn<Record<string, unknown>>('parameters', () => ({})),
      model: { type: DataTypes.STRING(200), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      isFavorite: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      imagePath: { type: DataTypes.STRING(1000), allowNull: true },
      imageUrl: { type: DataTypes.STRING(1000), allowNull: true },
      fileId: { type: DataTypes.UUID, allowNull: true },
      fileSize: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: Generation) {
          const raw = this.getDataValue('fileSize');
          return raw === null || raw === undefined ? null : Number(raw);
        },
      },
      width: { type: DataTypes.INTEGER, allowNull: true },
      height: { type: DataTypes.INTEGER, allowNull: true },
      format: { type: DataTypes.STRING(8), allowNull: true },
      metadata: jsonColumn<Record<string, unknown>>('metadata', () => ({})),
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'image_generations' },
  );
}
