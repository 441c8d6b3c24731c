'use strict';
// sequelize-cli reads this; it resolves DATABASE_URL exactly as the server does.
const path = require('node:path');

function fromUrl(url) {
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.slice('sqlite:'.length) : path.join(process.env.DATA_DIR || './data', 'asset-forge.sqlite');
    return { dialect: 'sqlite', storage: path.resolve(file) };
  }
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return {
    dialect: 'mysql',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password) || null,
    database: parsed.pathname.slice(1),
    timezone: '+00:00',
  };
}

const config = fromUrl(process.env.DATABASE_URL);
module.exports = { development: config, test: config, production: config };
