/**
 * Word lists for generated records. They hold on purpose every character class that trips CSV
 * and encoding code: spaces, commas, apostrophes, double quotes, accents, CJK and emoji.
 */

export interface FakeUser {
  id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  email: string;
  /** 'us' = US Pacific (-08:00 / -07:00 in summer), 'in' = India (+05:30). */
  zone: 'us' | 'in';
}

const userRows: ReadonlyArray<[string, string, FakeUser['zone']]> = [
  ['Patricia', 'Boyle', 'us'],
  ['Sean', "O'Connor", 'us'],
  ['Émilie', 'Dubois', 'us'],
  ['Jürgen', 'Müller', 'us'],
  ['Priya', 'Raman', 'in'],
  ['健二', '山田', 'in'],
];

/** The user the fake's tokens belong to (`users?type=CurrentUser`): exports use their time zone. */
export const currentUser = (users: readonly FakeUser[]): FakeUser => users[0]!;

/** The org's users (record owners, creators, modifiers), ids in Zoho's style. */
export function makeUsers(idPrefix: string): FakeUser[] {
  return userRows.map(([first, last, zone], i) => ({
    id: `${idPrefix}${String(327001 + i * 1000).padStart(9, '0')}`,
    first_name: first,
    last_name: last,
    full_name: `${first} ${last}`,
    email: `user${i + 1}@zylker.example`,
    zone,
  }));
}

export const firstNames = [
  'Alex',
  'Jordan',
  'Patricia',
  'Mary Ann',
  'Émile',
  'Zoë',
  'Jürgen',
  'José',
  'Priya',
  "D'Andre",
  'Chloé',
  'Søren',
  '太郎',
  'Nguyễn',
  'Aisha',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sofía',
  'Yuki',
  'Ines',
  'Kai',
  '',
] as const;

export const lastNames = [
  'Boyle',
  "O'Neil",
  'Müller',
  'van der Berg',
  'Smith',
  '山田',
  'García',
  'Nguyen',
  'Smith-Jones',
  'Kowalski',
  "O'Brien, Jr.",
  'Dubois',
  'Johansson',
  'Rossi',
  'Kim',
  'Patel',
  'Brown',
  'Lefèvre',
  'Schäfer',
  'Okafor',
  'Tanaka',
  'Silva',
  'Jensen',
  'Cohen',
] as const;

const slugs = new Map<string, string>();

/** ASCII spellings for e-mail local parts (memoised: the word lists are small). */
export function asciiSlug(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = computeSlug(text);
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}

function computeSlug(text: string): string {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const slug = plain.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return slug === '' ? 'contact' : slug;
}

export const companyWords = [
  'Zylker',
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
  'Cyberdyne',
  'Müller & Söhne',
  '日本商事',
  "Bob's",
  'Nordic',
  'Blue Sky',
  'Café Olé',
] as const;
export const companySuffixes = [
  'Inc',
  'LLC',
  'Ltd',
  'GmbH',
  'Co., Ltd.',
  'S.A.',
  'Group',
  'Corp',
  '',
] as const;

export const titles = [
  'CEO',
  'CTO',
  'VP Sales',
  'Head of Growth 🚀',
  'Marketing Manager',
  'Développeur',
  'Buyer',
  'Office "Ninja"',
  'Director, Operations',
  '',
] as const;
export const departments = ['Sales', 'Marketing', 'R&D', 'Finance', 'Operations', 'IT', ''] as const;
export const leadSources = [
  'Advertisement',
  'Cold Call',
  'Employee Referral',
  'External Referral',
  'Online Store',
  'Partner',
  'Public Relations',
  'Sales Email Alias',
  'Seminar Partner',
  'Internal Seminar',
  'Trade Show',
  'Web Download',
  'Web Research',
  'Chat',
  'Internet',
  'Yelp OC (PM)',
  '',
] as const;
export const leadStatuses = [
  'Attempted to Contact',
  'Contact in Future',
  'Contacted',
  'Junk Lead',
  'Lost Lead',
  'Not Contacted',
  'Pre-Qualified',
  'Not Qualified',
] as const;
export const industries = [
  'ASP (Application Service Provider)',
  'Data/Telecom OEM',
  'ERP (Enterprise Resource Planning)',
  'Government/Military',
  'Large Enterprise',
  'Management ISV',
  'MSP (Management Service Provider)',
  'Network Equipment Enterprise',
  'Non-management ISV',
  'Optical Networking',
  'Service Provider',
  'Small/Medium Enterprise',
  'Storage Equipment',
  'Storage Service Provider',
  'Systems Integrator',
  'Wireless Industry',
  '',
] as const;
export const ratings = ['Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shut Down', ''] as const;
export const salutations = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', ''] as const;
export const services = [
  'Website Design & Development',
  'Graphic Design & Print',
  'SEO',
  'Social Media',
  'Hosting',
  'Content Writing',
] as const;
export const tags = ['Client', 'New Website', 'VIP', 'Q3 2024', 'Partner', 'Do not call'] as const;
export const stages = [
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
  'Closed Lost to Competition',
] as const;
export const dealTypes = ['New Business', 'Existing Business', ''] as const;
export const accountTypes = [
  'Analyst',
  'Competitor',
  'Customer',
  'Distributor',
  'Integrator',
  'Investor',
  'Other',
  'Partner',
  'Press',
  'Prospect',
  'Reseller',
  'Supplier',
  '',
] as const;
export const ownerships = [
  'Other',
  'Private',
  'Public',
  'Subsidiary',
  'Partnership',
  'Government',
  '',
] as const;
export const cities = [
  'San Francisco',
  'New York',
  'Chennai',
  'München',
  'Zürich',
  'São Paulo',
  '東京',
  'Montréal',
  "L'Aquila",
  'Austin',
  'London',
  'Paris',
] as const;
export const states = ['CA', 'NY', 'TX', 'TN', 'BY', 'ZH', 'SP', 'QC', ''] as const;
export const countries = [
  'United States',
  'India',
  'Germany',
  'Switzerland',
  'Brazil',
  'Japan',
  'Canada',
  'France',
] as const;
export const streets = [
  '4141 Hacienda Dr',
  '10 Downing St, Apt 2',
  '221B Baker Street',
  '1-2-3 Shibuya, 渋谷区',
  'Hauptstraße 5',
  'PO Box 77',
  '"The Lofts", Unit 4',
  '',
] as const;
export const currencies = ['USD', 'USD', 'USD', 'EUR', 'INR'] as const;
export const venues = ['Room 1', 'Zoom', 'Café Olé, 2nd floor', 'HQ "Blue" room', '会議室 A', ''] as const;
export const eventTitles = [
  'Demo call',
  'Quarterly review',
  'Kick-off: "Phase 2"',
  "Partner's lunch",
  'Contract signing 🎉',
  'Follow up, pricing',
  'Site visit – München',
] as const;

/** Multi-line texts: CRLF and bare LF line ends, blank lines, quotes, apostrophes, non-ASCII. */
export const descriptionLines = [
  'Question 1: answer, more',
  'It\'s a "hot" lead',
  'Met at the trade show',
  'Prefers e-mail; no calls before 10am',
  'Budget approved ✅',
  'Follow up next week',
  '日本語のメモ',
  'Größe: XL — naïve café',
  'Plain line',
] as const;
