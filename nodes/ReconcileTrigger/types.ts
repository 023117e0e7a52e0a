/** Shapes shared by the Reconcile Trigger's channels: what a delivery reports and how it is answered. */

export type TriggerSource = 'hubspot' | 'salesforceFlow' | 'salesforceOutbound' | 'onDemand';

export type Channel = 'webhook' | 'flow-callout' | 'outbound-message' | 'on-demand';

/** One change a delivery reports, normalised across senders. The trigger names records; it carries no values. */
export interface ChangeEvent {
	/** Object type as the downstream nodes name it (`contacts`, `Contact`); undefined when this package does not sync it. */
	objectType: string | undefined;
	id: string;
	/** Identity of the event within its delivery: equal keys are the same event sent twice. */
	key: string;
	/** Epoch ms of the change, when the sender says. */
	occurredAt: number | undefined;
	/** Made by this integration itself (its own write coming back). */
	echo: boolean;
	eventId: string | undefined;
}

/** What the sender gets back on success (HubSpot: JSON; Outbound Messages: the SOAP ack). */
export interface Reply {
	contentType: string;
	body: string;
}

export type RejectStatus = 400 | 401 | 413 | 500;

export type Outcome =
	| { ok: true; events: ChangeEvent[]; reply: Reply; request?: Record<string, unknown> }
	| { ok: false; status: RejectStatus; reason: string };

export function reject(status: RejectStatus, reason: string): Outcome {
	return { ok: false, status, reason };
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The settings one delivery is checked against (node options, narrowed). */
export interface Settings {
	source: TriggerSource;
	maxBodyBytes: number;
	signatureMaxAgeMs: number;
	dropEchoes: boolean;
	acceptLegacySignatures: boolean;
}
