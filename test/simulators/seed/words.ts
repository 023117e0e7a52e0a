/** Word lists for realistic-looking seed data. Invented combinations, no real people or companies. */
export const FIRST_NAMES = [
	'Ada', 'Alan', 'Alice', 'Amara', 'Andre', 'Anika', 'Ben', 'Bianca', 'Carlos', 'Chen', 'Chloe', 'Dana', 'Daniel',
	'Deepa', 'Diego', 'Elena', 'Emma', 'Erik', 'Fatima', 'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Jamal',
	'Jana', 'Jonas', 'Julia', 'Kai', 'Kenji', 'Lara', 'Leo', 'Lina', 'Lucas', 'Maya', 'Mei', 'Mateo', 'Nadia', 'Noah',
	'Olga', 'Omar', 'Paula', 'Priya', 'Rafael', 'Rosa', 'Sam', 'Sara', 'Sofia', 'Tariq', 'Theo', 'Uma', 'Vera',
	'Wei', 'Yara', 'Yusuf', 'Zoe', 'Marta', 'Pavel', 'Keiko',
];

export const LAST_NAMES = [
	'Abbott', 'Alvarez', 'Anand', 'Bauer', 'Becker', 'Brooks', 'Castillo', 'Chowdhury', 'Costa', 'Dubois', 'Eriksen',
	'Fischer', 'Garcia', 'Gupta', 'Hansen', 'Hoffmann', 'Ito', 'Jensen', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Larsen',
	'Lee', 'Lopez', 'Meyer', 'Moreau', 'Murphy', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Olsen', 'Patel', 'Perez',
	'Petrov', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Suzuki', 'Tanaka', 'Torres', 'Wagner',
	'Walsh', 'Weber', 'Wong', 'Yilmaz', 'Zhang', 'Ziegler', 'Haddad', 'Mensah', 'Lindqvist', 'Oyelaran',
];

export const COMPANY_WORDS = [
	'Acme', 'Apex', 'Aurora', 'Beacon', 'Birch', 'Bluefin', 'Bright', 'Cedar', 'Cobalt', 'Copper', 'Crest', 'Delta',
	'Ember', 'Falcon', 'Fern', 'Granite', 'Harbor', 'Helix', 'Horizon', 'Indigo', 'Iron', 'Juniper', 'Keystone',
	'Lattice', 'Lumen', 'Maple', 'Meridian', 'Nimbus', 'Northwind', 'Oak', 'Orbit', 'Pioneer', 'Prism', 'Quartz',
	'Redwood', 'Ridge', 'Sable', 'Summit', 'Tidal', 'Timber', 'Vector', 'Vertex', 'Willow', 'Zenith',
];

export const COMPANY_SUFFIXES = [
	'Labs', 'Systems', 'Analytics', 'Health', 'Logistics', 'Foods', 'Robotics', 'Energy', 'Capital', 'Media',
	'Works', 'Partners', 'Bio', 'Cloud', 'Retail', 'Learning',
];

export const JOB_TITLES = [
	'CEO', 'CTO', 'VP Sales', 'VP Marketing', 'Head of Operations', 'Sales Manager', 'Account Executive',
	'Marketing Manager', 'Product Manager', 'Software Engineer', 'Data Analyst', 'Office Manager',
	'Procurement Lead', 'Customer Success Manager', 'Finance Director', 'IT Manager',
];

export const AREA_CODES = ['212', '310', '312', '415', '512', '617', '646', '702', '206', '303', '404', '503'];
