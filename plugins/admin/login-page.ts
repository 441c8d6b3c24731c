const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The sign-in page: a plain form, so it needs none of the dashboard's scripts, and every
 * other /admin path (assets included) can stay behind the session.
 */
export function loginPage(options: { action: string; error?: string; email?: string }): string {
  const error = options.error ? `<p class="error" role="alert" data-testid="login-error">${escapeHtml(options.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · asset-forge</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f7fb; display: flex; min-height: 100vh; align-items: center; justify-content: center; margin: 0; }
  form { background: #fff; padding: 32px; border-radius: 8px; box-shadow: 0 2px 12px rgba(0,0,0,.08); width: 320px; }
  h1 { font-size: 20px; margin: 0 0 20px; }
  label { display: block; font-size: 14px; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 8px; font-size: 15px; border: 1px solid #c0c4d0; border-radius: 4px; }
  button { margin-top: 20px; width: 100%; padding: 10px; font-size: 15px; background: #4268f6; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #c20012; font-size: 14px; }
</style>
</head>
<body>
<form method="post" action="${escapeHtml(options.action)}">
  <h1>asset-forge dashboard</h1>
  ${error}
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
</body>
</html>`;
}
