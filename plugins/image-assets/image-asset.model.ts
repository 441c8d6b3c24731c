import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn, timestampColumn } from '../../src/index.ts';

export class ImageAsset extends Model<InferAttributes<ImageAsset>, InferCreationAttributes<ImageAsset>> {
  declare id: string;
  declare projectId: string;
  declare name: string;
  declare description: string;
  declare thumbnail: string | null;
  declare favoriteGenerationId: string | null;
  declare metadata: Record<string, unknown>;
  declare fileSize: CreationOptional<number>;
  declare totalGenerations: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The join to the shared tag vocabulary; its primary key and (tag_id, image_asset_id) index serve both directions. */
export class ImageAssetTag extends Model<InferAttributes<ImageAssetTag>, InferCreationAttributes<ImageAssetTag>> {
  declare imageAssetId: string;
  declare tagId: string;
  /** The asset's project, copied so per-project tag counts read one (project_id, tag_id) index. */
  declare projectId: string;
}

export function defineImageAssetModels(sequelize: Sequelize): void {
  ImageAsset.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      projectId: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(255), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      thumbnail: { type: DataTypes.STRING(1000), allowNull: true },
      favoriteGenerationId: { type: DataTypes.UUID, allowNull: true },
      metadata: jsonColumn<Record<string, unknown>>('metadata', () => ({})),
      // BIGINT comes back as a string from some drivers; the getter keeps it a number.
      fileSize: {
        type: DataTypes.BIGINT,
        allowNull: false,
        defaultValue: 0,
        get(this: ImageAsset) {
          return Number(this.getDataValue('fileSize'));
        },
      },
      totalGenerations: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'image_assets' },
  );
  ImageAssetTag.init(
    {
      imageAssetId: { type: DataTypes.UUID, primaryKey: true },
      tagId: { type: DataTypes.UUID, primaryKey: true },
      projectId: { type: DataTypes.STRING(100), allowNull: true },
    },
    { sequelize, tableName: 'image_asset_tags', timestamps: false },
  );
}
