// Loaded with --import into a server under test (and, through execArgv, into its worker threads):
// any import of tsx fails, so a test proves the built server runs on its compiled JavaScript alone.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (/^tsx(\\/|$)/.test(specifier)) throw new Error('the built server imported ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
