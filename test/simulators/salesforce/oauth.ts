/**
 * `POST /services/oauth2/token` (client credentials) and session checking. Tokens expire after the
 * session timeout of inactivity (sliding, measured on the simulator clock) or when the control API
 * expires them, after which every call gets 401 INVALID_SESSION_ID.
 */
import { createHmac } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/http';
import type { Rng } from '../common/prng';
import type { Clock } from '../common/types';

export interface OAuthConfig {
	clientId: string;
	clientSecret: string;
	orgId: string;
	/** The connected app's "Run As" user. */
	userId: string;
	/** Inactivity after which a token stops working (default 2 h). */
	sessionTimeoutMs: number;
	staticToken: string;
}

interface Session {
	userId: string;
	lastUsed: number;
}

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

export class SessionManager {
	private sessions = new Map<string, Session>();
	/** Every token ever handed out (expired ones too), so tests can check none of them leaks anywhere. */
	private readonly issued = new Set<string>();

	constructor(private readonly cfg: OAuthConfig, private readonly clock: Clock, private readonly rng: Rng) {
		this.reset();
	}

	reset(): void {
		this.sessions.clear();
		this.sessions.set(this.cfg.staticToken, { userId: this.cfg.userId, lastUsed: this.clock() });
		this.issued.add(this.cfg.staticToken);
	}

	issuedTokens(): string[] {
		return [...this.issued];
	}

	/** Every existing token stops working now. */
	expireAll(): void {
		this.sessions.clear();
	}

	/** The user a bearer token belongs to, refreshing its inactivity timer; undefined if missing or expired. */
	authenticate(header: string | undefined): string | undefined {
		const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header ?? '');
		const session = match ? this.sessions.get(match[1]) : undefined;
		if (!match || !session) return undefined;
		const now = this.clock();
		if (now - session.lastUsed > this.cfg.sessionTimeoutMs) {
			this.sessions.delete(match[1]);
			return undefined;
		}
		session.lastUsed = now;
		return session.userId;
	}

	token(req: SimRequest, baseUrl: string): SimResponse {
		const form = new URLSearchParams(req.rawBody);
		const grant = form.get('grant_type');
		if (grant !== 'client_credentials') {
			return oauthError('unsupported_grant_type', 'grant type not supported');
		}
		if (form.get('client_id') !== this.cfg.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
		if (form.get('client_secret') !== this.cfg.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
		const accessToken = `${this.cfg.orgId.slice(0, 15)}!AQ${Array.from({ length: 96 }, () => this.rng.pick([...TOKEN_CHARS])).join('')}`;
		const issuedAt = String(this.clock());
		const id = `${baseUrl}/id/${this.cfg.orgId}/${this.cfg.userId}`;
		this.sessions.set(accessToken, { userId: this.cfg.userId, lastUsed: this.clock() });
		this.issued.add(accessToken);
		return {
			status: 200,
			body: {
				access_token: accessToken,
				signature: createHmac('sha256', this.cfg.clientSecret).update(id + issuedAt).digest('base64'),
				token_format: 'opaque',
				instance_url: baseUrl,
				id,
				token_type: 'Bearer',
				issued_at: issuedAt,
			},
		};
	}
}

function oauthError(error: string, description: string): SimResponse {
	return { status: 400, body: { error, error_description: description } };
}
