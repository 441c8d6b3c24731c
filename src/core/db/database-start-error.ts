/**
 * A database that cannot be reached at start is an operator's problem to fix, not a stack trace:
 * says what is wrong with DATABASE_URL and how to fix it, or undefined for any other error.
 */
export function explainDatabaseStartError(err: unknown, databaseUrl: string): string | undefined {
  const cause = (err as { parent?: { code?: string; errno?: number }; original?: { code?: string } })?.parent ?? (err as { original?: { code?: string } })?.original;
  const code = cause?.code ?? (err as { code?: string })?.code;
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return undefined;
  }
  if (!/^(mysql|mariadb):$/.test(url.protocol)) return undefined;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const server = `${url.hostname}:${url.port || '3306'}`;
  const shown = `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${server}/${database}`;
  switch (code) {
    case 'ER_BAD_DB_ERROR':
      return `The database "${database}" does not exist on ${server} (DATABASE_URL=${shown}).\nCreate it, e.g. mysql -h ${url.hostname} -P ${url.port || '3306'} -u ${decodeURIComponent(url.username) || 'root'} -p -e 'CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4', or point DATABASE_URL at one that exists. The server creates its tables itself.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return `No MySQL server answers at ${server} (${code}; DATABASE_URL=${shown}).\nStart it (docker compose up -d mysql starts the one in docker-compose.yml), or fix the host and port in DATABASE_URL.`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return `${server} refused the user "${decodeURIComponent(url.username)}" (${code}; DATABASE_URL=${shown}).\nCheck the user name and password in DATABASE_URL (special characters percent-encoded), and that the user may use "${database}".`;
    default:
      return undefined;
  }
}
