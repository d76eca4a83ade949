/**
 * The floor of `npm run bench:http`: what a bare server costs on this machine. node:http and a mysql2 pool of the
 * service's size answer `GET /c/ID` with one indexed SELECT of the customer row, as JSON. Nothing else: no
 * authentication, no role check, no bank. Settings: FLOOR_PORT, FLOOR_DATABASE_URL, FLOOR_POOL_SIZE.
 */
import http from 'node:http';
import mysql from 'mysql2';

const url = new URL(process.env.FLOOR_DATABASE_URL!);
const pool = mysql.createPool({
  host: url.hostname,
  port: Number(url.port || 3306),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password),
  database: url.pathname.slice(1),
  connectionLimit: Number(process.env.FLOOR_POOL_SIZE ?? 10),
  supportBigNumbers: true,
});
let statements = 0;

const server = http.createServer((req, res) => {
  if (req.url === '/statements') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ statements }));
    return;
  }
  const id = req.url?.startsWith('/c/') ? req.url.slice(3) : undefined;
  if (!id) {
    res.writeHead(404).end();
    return;
  }
  statements += 1;
  pool.execute('SELECT * FROM customers WHERE customer_id = ?', [id], (err, rows) => {
    if (err) {
      res.writeHead(500).end();
      return;
    }
    const row = (rows as unknown[])[0];
    if (!row) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(row));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  pool.end(() => process.exit(0));
});
