/** The HubSpot channel: signature first (nothing unauthenticated is parsed), then the events. */
import { parseJsonBody } from './body';
import { readHubSpotEvents } from './hubspot-events';
import { verifyHubSpotSignature } from './hubspot-signature';
import type { ReplayGuard } from './replay-guard';
import { JSON_TYPE, reject, type Outcome, type Settings } from './types';

export interface HubSpotDelivery {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	/** URIs the sender may have signed (see `uriAsCalled`). */
	uris: string[];
	now: number;
}

export interface HubSpotConfig {
	clientSecret: string;
	appId: string;
	/** Scopes replay keys to this node. */
	nodeId: string;
	replays: ReplayGuard;
}

export function handleHubSpot(delivery: HubSpotDelivery, config: HubSpotConfig, settings: Settings): Outcome {
	const check = verifyHubSpotSignature({
		method: delivery.method,
		uris: delivery.uris,
		body: delivery.body,
		headers: delivery.headers,
		clientSecret: config.clientSecret,
		now: delivery.now,
		maxAgeMs: settings.signatureMaxAgeMs,
		acceptLegacy: settings.acceptLegacySignatures,
	});
	if (!check.ok) return reject(401, check.reason);
	const json = parseJsonBody(delivery.body);
	if (!json.ok) return reject(400, json.reason);
	const events = readHubSpotEvents(json.value, { dropEchoes: settings.dropEchoes, appId: config.appId });
	if (!events.ok) return reject(400, events.reason);
	// Recorded only once everything else passed, so a refused request never blocks a good one.
	if (check.replayKey !== undefined && check.expiresAt !== undefined) {
		if (!config.replays.firstSeen(`${config.nodeId}:${check.replayKey}`, check.expiresAt, delivery.now)) {
			return reject(401, 'replayed delivery (same v3 signature seen within the window)');
		}
	}
	return { ok: true, events: events.value, reply: { contentType: JSON_TYPE, body: JSON.stringify({ received: events.value.length }) } };
}
