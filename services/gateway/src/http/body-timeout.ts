import type { Server } from 'node:http';
import type { Request, Response, NextFunction } from 'express';
import { sendProblem } from './problem.ts';

/** How long a request may take to deliver the body it announced (Content-Length or chunked). */
export const BODY_TIMEOUT_MS = Number(process.env.KONTOR_BODY_TIMEOUT_MS ?? 5_000);

/**
 * Answers 408 when an announced body does not arrive in time (e.g. `Content-Length: 100` and
 * nothing after the headers), instead of holding the connection open; the connection is closed
 * after the answer, since the rest of the body may still be on its way.
 */
export function bodyTimeout(ms = BODY_TIMEOUT_MS) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const announced = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!announced || req.readableEnded) return next();
    const timer = setTimeout(() => {
      if (req.readableEnded || res.headersSent) return;
      res.setHeader('Connection', 'close');
      sendProblem(res, 408, 'request_timeout', `the request body did not arrive within ${ms / 1000} s`, [{ field: '(body)', message: 'incomplete' }]);
    }, ms);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    res.once('finish', clear);
    next();
  };
}

/**
 * Limits of the HTTP server itself, for what the middleware cannot see: headers that never
 * finish and requests that trickle. Node answers these with a bare 408 and closes the socket.
 */
export function limitServer(server: Server, bodyMs = BODY_TIMEOUT_MS): void {
  server.headersTimeout = 10_000;
  // Idle keep-alive connections stay open longer than any client keeps them (fetch/undici: 4 s,
  // browsers more), so the client is always the side that closes one. With Node's 5 s a busy client
  // could send on a socket the server had just closed and get "other side closed" (seen in CI).
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = Math.max(30_000, bodyMs * 2);
}
