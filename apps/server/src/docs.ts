import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guestlist API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

// A file, not an inline script, so the Content-Security-Policy can forbid inline code.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#api', deepLinking: true, validatorUrl: null });`;

/** `/docs`: the API reference, served entirely from this server (no CDN, works offline). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    // The package's own folder holds the built assets (what its getAbsoluteFSPath returns).
    root: path.dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist'))),
    prefix: '/docs/assets/',
    decorateReply: false,
    index: false,
  });
  app.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/docs/init.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(INIT),
  );
}
