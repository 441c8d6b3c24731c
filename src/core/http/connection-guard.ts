import type http from 'node:http';
import type { Socket } from 'node:net';

const authenticated = new WeakSet<Socket>();
const busy = new WeakMap<Socket, number>();

/** Called once a request on this socket has shown a valid token: the socket no longer counts as a stranger's. */
export function markAuthenticated(socket: Socket): void {
  authenticated.add(socket);
}

/**
 * Bounds the sockets that have not yet shown a valid token, so connections without a token cannot
 * pile up and hold descriptors. When a new one would pass the bound, the oldest idle stranger is
 * dropped; if every stranger is mid-request, the newcomer is.
 */
export function boundUnauthenticatedConnections(server: http.Server, max: number): void {
  const strangers = new Set<Socket>();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once('close', () => busy.set(socket, Math.max(0, (busy.get(socket) ?? 1) - 1)));
  });
  server.on('connection', (socket: Socket) => {
    for (const s of strangers) if (authenticated.has(s)) strangers.delete(s);
    if (strangers.size >= max) {
      const idle = [...strangers].find((s) => !busy.get(s));
      if (idle) {
        strangers.delete(idle);
        idle.destroy();
      } else {
        socket.destroy();
        return;
      }
    }
    strangers.add(socket);
    socket.once('close', () => strangers.delete(socket));
  });
}
