/**
 * A bare bot on a loopback HTTP port for the playground probes (scripts/probe*.ts): the real CloudAdapter
 * without authentication, answering through the handler it is given, so a probe measures only what the
 * playground does with one kind of card.
 */
import { createServer, type Server } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ActivityHandler, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';

export async function startProbeBot(bot: ActivityHandler, onError: (message: string) => void): Promise<{ endpoint: string; server: Server }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({} as ConfigurationBotFrameworkAuthenticationOptions));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const request = { method: req.method, headers: req.headers, body: body ? JSON.parse(body) : {} };
      let status = 200;
      let sent = '';
      const response = {
        socket: req.socket,
        status(code: number) {
          status = code;
          return response;
        },
        header(name: string, value: unknown) {
          res.setHeader(name, String(value));
          return response;
        },
        send(b?: unknown) {
          sent = b === undefined ? '' : typeof b === 'string' ? b : JSON.stringify(b);
          return response;
        },
        end() {
          res.statusCode = status;
          res.end(sent);
          return response;
        },
      };
      adapter.process(request as never, response as never, (context) => bot.run(context)).catch((err: Error) => onError(err.message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${port}/api/messages`, server };
}
