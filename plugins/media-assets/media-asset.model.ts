import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { timestampColumn } from '../../src/index.ts';

export class MediaAsset extends Model<InferAttributes<MediaAsset>, InferCreationAttributes<MediaAsset>> {
  declare id: string;
  declare fileName: string;
  declare fileType: string;
  declare contentType: string;
  declare fileSizeBytes: number | null;
  declare fileId: string | null;
  declare storageLocation: string | null;
  declare sha256: string | null;
  declare width: number | null;
  declare height: number | null;
  declare format: string | null;
  declare uploadedAt: Date;
  declare uploadedBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class MediaAssetTag extends Model<InferAttributes<MediaAssetTag>, InferCreationAttributes<MediaAssetTag>> {
  declare mediaAssetId: string;
  declare tagId: string;
  declare createdAt: CreationOptional<Date>;
}

export function defineMediaAssetModels(sequelize: Sequelize): void {
  MediaAsset.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      fileName: { type: DataTypes.STRING(255), allowNull: false },
      fileType: { type: DataTypes.STRING(32), allowNull: false },
      contentType: { type: DataTypes.STRING(127), allowNull: false },
      // BIGINT comes back as a string from some drivers; sizes stay far below 2^53.
      fileSizeBytes: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: MediaAsset) {
          const raw = this.getDataValue('fileSizeBytes');
          return raw === null || raw === undefined ? null : Number(raw);
        },
      },
      fileId: { type: DataTypes.UUID, allowNull: true },
      storageLocation: { type: DataTypes.STRING(300), allowNull: true },
      sha256: { type: DataTypes.CHAR(64), allowNull: true },
      width: { type: DataTypes.INTEGER, allowNull: true },
      height: { type: DataTypes.INTEGER, allowNull: true },
      format: { type: DataTypes.STRING(16), allowNull: true },
      uploadedAt: timestampColumn(),
      uploadedBy: { type: DataTypes.STRING(200), allowNull: false },
      createdAt: timestampColumn(),
      updatedAt: timestampColumn(),
    },
    { sequelize, tableName: 'media_assets' },
  );
  MediaAssetTag.init(
    {
      mediaAssetId: { type: DataTypes.UUID, primaryKey: true },
      tagId: { type: DataTypes.UUID, primaryKey: true },
      createdAt: timestampColumn(),
    },
    { sequelize, tableName: 'media_asset_tags', updatedAt: false },
  );
}
