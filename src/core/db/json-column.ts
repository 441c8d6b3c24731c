import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/**
 * A JSON value kept in a TEXT column. MariaDB reports JSON columns as LONGTEXT, so the
 * driver would hand back strings there and objects on MySQL; storing text and parsing
 * here behaves the same on every database.
 */
export function jsonColumn<T>(field: string, fallback: () => T, allowNull = false): ModelAttributeColumnOptions {
  return {
    type: DataTypes.TEXT,
    allowNull,
    get(this: { getDataValue(key: string): unknown }) {
      const raw = this.getDataValue(field);
      if (raw === null || raw === undefined) return allowNull ? null : fallback();
      return typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T);
    },
    set(this: { setDataValue(key: string, value: unknown): void }, value: T | null) {
      this.setDataValue(field, value === null || value === undefined ? (allowNull ? null : JSON.stringify(fallback())) : JSON.stringify(value));
    },
  };
}

/** Timestamps with milliseconds, stored and returned in UTC. */
export const timestampColumn = (allowNull = false): ModelAttributeColumnOptions => ({
  type: DataTypes.DATE(3),
  allowNull,
});
