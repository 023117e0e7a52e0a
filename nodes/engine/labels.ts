import type { Policy } from './policy/schema';
import type { Side } from './types';

const SYSTEM_LABELS = { hubspot: 'HubSpot', salesforce: 'Salesforce', items: 'Items' } as const;

/** The name people see for a side: the policy's label, else the system's name (with A/B when both are the same system). */
export function sideLabel(policy: Policy, side: Side): string {
	const system = policy[side];
	if (system.label !== undefined) return system.label;
	const label = SYSTEM_LABELS[system.system];
	return policy.a.system === policy.b.system ? `${label} ${side.toUpperCase()}` : label;
}
