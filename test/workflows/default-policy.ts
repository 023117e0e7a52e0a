/**
 * The policy the templates ship with: HubSpot contacts ⇄ Salesforce contacts, using the standard fields
 * plus three custom ones. Replace the owner map with your own owner ids (HubSpot owner id → Salesforce
 * User id) and adjust the fields; the policy doc the dashboard shows is rendered from this document.
 */
import type { PolicyInput } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/sim-policy';

export const DEFAULT_POLICY_NAME = 'HubSpot contacts ⇄ Salesforce contacts';

export function defaultPolicy(): PolicyInput {
	const example = [
		{ hubspotOwnerId: '12345678', salesforceUserId: '005000000000001AAA' },
		{ hubspotOwnerId: '23456789', salesforceUserId: '005000000000002AAA' },
	];
	return contactsPolicy(example.map((o) => ({ ...o, hubspotUserId: 0, email: '', firstName: '', lastName: '' })));
}
