/** Milliseconds since the epoch. Injectable so tests can control every timestamp the simulators emit. */
export type Clock = () => number;

export const realClock: Clock = () => Date.now();

/** Who made a write, in the terms the write log and change notifications need. */
export interface Actor {
	channel: 'api' | 'ui';
	/** App id or user id, as the write log shows it. */
	id: string;
}
