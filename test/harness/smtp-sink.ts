/**
 * A tiny SMTP server that keeps every message it is sent, for tests of workflows that send e-mail (n8n's
 * Send Email node, i.e. nodemailer). Plain TCP on 127.0.0.1: EHLO/HELO, AUTH PLAIN and LOGIN (any login is
 * accepted and recorded), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. No TLS: STARTTLS is not offered, so
 * the SMTP credential needs SSL/TLS off.
 *
 * ```ts
 * const sink = await startSmtpSink();                  // sink.port
 * const mail = await sink.waitForMessage((m) => m.subject.includes('week'));
 * mail.text; mail.headers.get('to'); mail.auth?.user;
 * await sink.close();
 * ```
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface SmtpMessage {
	/** Envelope: MAIL FROM and RCPT TO addresses. */
	mailFrom: string;
	rcptTo: string[];
	/** The login the client authenticated with, if it did. */
	auth?: { user: string; password: string };
	/** Header names lower-cased, values unfolded and with RFC 2047 encoded words decoded. */
	headers: Map<string, string>;
	subject: string;
	/** The text/plain body (transfer encoding undone, UTF-8), '' if there is none. */
	text: string;
	/** The text/html body, if any. */
	html?: string;
	/** The message as received (after dot-unstuffing). */
	raw: string;
	receivedAt: Date;
}

export interface SmtpSink {
	host: string;
	port: number;
	messages: SmtpMessage[];
	/** Resolves with the first message (already received or arriving) that matches. */
	waitForMessage(match?: (m: SmtpMessage) => boolean, timeoutMs?: number): Promise<SmtpMessage>;
	close(): Promise<void>;
}

// ---- MIME decoding (enough for what nodemailer sends) -----------------------------------------------

function decodeQuotedPrintable(text: string): Buffer {
	const soft = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < soft.length; i++) {
		const c = soft[i];
		if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
			bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(c, 'utf8'));
	}
	return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return decodeQuotedPrintable(body).toString('utf8');
		default:
			return body;
	}
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`); whitespace between adjacent ones is dropped. */
function decodeWords(value: string): string {
	const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
	return value.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1').replace(word, (_, _charset: string, kind: string, data: string) =>
		kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
	);
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
	const at = raw.indexOf('\r\n\r\n');
	const head = at < 0 ? raw : raw.slice(0, at);
	const body = at < 0 ? '' : raw.slice(at + 4);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
	}
	return { headers, body };
}

/** The text and html parts of a single-part or (nested) multipart message. */
function bodies(headers: Map<string, string>, body: string): { text?: string; html?: string } {
	const type = headers.get('content-type') ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (/^multipart\//i.test(type) && boundary) {
		const out: { text?: string; html?: string } = {};
		for (const part of body.split(`--${boundary}`).slice(1)) {
			if (part.startsWith('--')) break;
			const p = splitHead(part.replace(/^\r\n/, ''));
			const found = bodies(p.headers, p.body.replace(/\r\n$/, ''));
			out.text ??= found.text;
			out.html ??= found.html;
		}
		return out;
	}
	const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
	return /^text\/html/i.test(type) ? { html: decoded } : { text: decoded };
}

export function parseMessage(raw: string, envelope: { mailFrom: string; rcptTo: string[]; auth?: { user: string; password: string } }): SmtpMessage {
	const { headers, body } = splitHead(raw);
	const parts = bodies(headers, body);
	const lf = (s: string | undefined) => s?.replace(/\r\n/g, '\n');
	return { ...envelope, headers, subject: headers.get('subject') ?? '', text: lf(parts.text) ?? '', html: lf(parts.html), raw, receivedAt: new Date() };
}

// ---- the server ------------------------------------------------------------------------------------

function address(arg: string): string {
	return /<([^>]*)>/.exec(arg)?.[1] ?? arg.trim();
}

function session(socket: Socket, deliver: (m: SmtpMessage) => void): void {
	socket.setEncoding('utf8');
	const reply = (line: string) => socket.write(`${line}\r\n`);
	let buffer = '';
	let mode: 'command' | 'data' | 'auth-login-user' | 'auth-login-password' = 'command';
	let data: string[] = [];
	let mailFrom = '';
	let rcptTo: string[] = [];
	let auth: { user: string; password: string } | undefined;
	let loginUser = '';
	const reset = () => {
		mailFrom = '';
		rcptTo = [];
		data = [];
	};

	const command = (line: string) => {
		const verb = line.split(' ', 1)[0].toUpperCase();
		const arg = line.slice(verb.length).trim();
		switch (verb) {
			case 'EHLO':
				reset();
				return socket.write('250-reconcile-smtp-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10485760\r\n');
			case 'HELO':
				reset();
				return reply('250 reconcile-smtp-sink');
			case 'AUTH': {
				const [mechanism, initial] = arg.split(/\s+/);
				if (mechanism?.toUpperCase() === 'PLAIN' && initial) {
					const [, user = '', password = ''] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
					auth = { user, password };
					return reply('235 2.7.0 Authentication successful');
				}
				if (mechanism?.toUpperCase() === 'PLAIN') {
					mode = 'auth-login-password';
					loginUser = '\u0000plain';
					return reply('334 ');
				}
				if (mechanism?.toUpperCase() === 'LOGIN') {
					mode = 'auth-login-user';
					return reply('334 VXNlcm5hbWU6');
				}
				return reply('504 5.5.4 Unrecognized authentication type');
			}
			case 'MAIL':
				mailFrom = address(arg.replace(/^FROM:/i, ''));
				rcptTo = [];
				return reply('250 2.1.0 OK');
			case 'RCPT':
				if (!mailFrom) return reply('503 5.5.1 MAIL first');
				rcptTo.push(address(arg.replace(/^TO:/i, '')));
				return reply('250 2.1.5 OK');
			case 'DATA':
				if (rcptTo.length === 0) return reply('503 5.5.1 RCPT first');
				mode = 'data';
				data = [];
				return reply('354 End data with <CR><LF>.<CR><LF>');
			case 'RSET':
				reset();
				return reply('250 2.0.0 OK');
			case 'NOOP':
				return reply('250 2.0.0 OK');
			case 'QUIT':
				reply('221 2.0.0 Bye');
				return socket.end();
			default:
				return reply('502 5.5.2 Command not implemented');
		}
	};

	const line = (text: string) => {
		if (mode === 'data') {
			if (text === '.') {
				mode = 'command';
				const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
				deliver(parseMessage(raw, { mailFrom, rcptTo: [...rcptTo], auth }));
				reset();
				return reply('250 2.0.0 OK: queued');
			}
			data.push(text);
			return;
		}
		if (mode === 'auth-login-user') {
			loginUser = Buffer.from(text, 'base64').toString('utf8');
			mode = 'auth-login-password';
			return reply('334 UGFzc3dvcmQ6');
		}
		if (mode === 'auth-login-password') {
			mode = 'command';
			if (loginUser === '\u0000plain') {
				const [, user = '', password = ''] = Buffer.from(text, 'base64').toString('utf8').split('\u0000');
				auth = { user, password };
			} else auth = { user: loginUser, password: Buffer.from(text, 'base64').toString('utf8') };
			return reply('235 2.7.0 Authentication successful');
		}
		return command(text);
	};

	socket.on('data', (chunk: string) => {
		buffer += chunk;
		let end: number;
		while ((end = buffer.indexOf('\r\n')) >= 0) {
			const text = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			line(text);
		}
	});
	socket.on('error', () => socket.destroy());
	reply('220 reconcile-smtp-sink ESMTP ready');
}

export async function startSmtpSink({ host = '127.0.0.1', port = 0 } = {}): Promise<SmtpSink> {
	const messages: SmtpMessage[] = [];
	const waiters: Array<{ match: (m: SmtpMessage) => boolean; resolve: (m: SmtpMessage) => void }> = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		session(socket, (m) => {
			messages.push(m);
			for (const w of [...waiters]) {
				if (w.match(m)) {
					waiters.splice(waiters.indexOf(w), 1);
					w.resolve(m);
				}
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const bound = server.address();
	if (bound === null || typeof bound === 'string') throw new Error('SMTP sink: no TCP address');
	return {
		host,
		port: bound.port,
		messages,
		waitForMessage(match = () => true, timeoutMs = 30_000) {
			const found = messages.find(match);
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const waiter = {
					match,
					resolve: (m: SmtpMessage) => {
						clearTimeout(timer);
						resolve(m);
					},
				};
				const timer = setTimeout(() => {
					waiters.splice(waiters.indexOf(waiter), 1);
					reject(new Error(`SMTP sink: no matching message within ${timeoutMs} ms (${messages.length} received)`));
				}, timeoutMs);
				waiters.push(waiter);
			});
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
