import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import './express-augment.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * One log line per request, in pino-http's shape (`req`, `res`, `responseTime`; "request
 * completed", "request aborted"), with the X-Request-Id the problem responses quote. Unlike
 * pino-http it makes no child logger per request: pino serializes a child's bindings (the whole
 * request, redacted) when the child is made, which cost cached-image requests about a fifth of
 * their throughput although successful requests are logged at debug and rarely written.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = Date.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: {
            id,
            method: req.method,
            url: withoutSignature(req.originalUrl),
            query: 'sig' in req.query ? { ...req.query, sig: '[redacted]' } : req.query,
            params: req.params,
            headers: req.headers,
            remoteAddress: req.socket.remoteAddress,
            remotePort: req.socket.remotePort,
          },
          res: { statusCode: status, headers: res.getHeaders() },
          responseTime: Date.now() - started,
        },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}

/** A signed URL in a log would grant its access to whoever reads the log, until it expires. */
function withoutSignature(url: string): string {
  return url.includes('sig=') ? url.replace(/([?&]sig=)[^&]*/g, '$1[redacted]') : url;
}
