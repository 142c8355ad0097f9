/** Zoho data centres: where the OAuth server, the CRM API and the upload host live (zoho-api.md 1.1). */
export type DataCenter = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa';

export interface DataCenterHosts {
  accountsDomain: string;
  apiDomain: string;
  uploadDomain: string;
}

export const dataCenters: Readonly<Record<DataCenter, DataCenterHosts>> = {
  us: {
    accountsDomain: 'https://accounts.zoho.com',
    apiDomain: 'https://www.zohoapis.com',
    uploadDomain: 'https://content.zohoapis.com',
  },
  eu: {
    accountsDomain: 'https://accounts.zoho.eu',
    apiDomain: 'https://www.zohoapis.eu',
    uploadDomain: 'https://content.zohoapis.eu',
  },
  in: {
    accountsDomain: 'https://accounts.zoho.in',
    apiDomain: 'https://www.zohoapis.in',
    uploadDomain: 'https://content.zohoapis.in',
  },
  au: {
    accountsDomain: 'https://accounts.zoho.com.au',
    apiDomain: 'https://www.zohoapis.com.au',
    uploadDomain: 'https://content.zohoapis.com.au',
  },
  jp: {
    accountsDomain: 'https://accounts.zoho.jp',
    apiDomain: 'https://www.zohoapis.jp',
    uploadDomain: 'https://content.zohoapis.jp',
  },
  ca: {
    accountsDomain: 'https://accounts.zohocloud.ca',
    apiDomain: 'https://www.zohoapis.ca',
    uploadDomain: 'https://upload.zohocloud.ca',
  },
  cn: {
    accountsDomain: 'https://accounts.zoho.com.cn',
    apiDomain: 'https://www.zohoapis.com.cn',
    uploadDomain: 'https://content.zohoapis.com.cn',
  },
  sa: {
    accountsDomain: 'https://accounts.zoho.sa',
    apiDomain: 'https://www.zohoapis.sa',
    uploadDomain: 'https://files.zoho.sa',
  },
};

/**
 * Registrable Zoho domains. A host receives the token only when it equals one of these or ends
 * with `.` + one of these (never a substring match: `zoho.com.evil.net` is not Zoho).
 */
export const zohoDomains: readonly string[] = [
  'zoho.com',
  'zohoapis.com',
  'zoho.eu',
  'zohoapis.eu',
  'zoho.in',
  'zohoapis.in',
  'zoho.com.au',
  'zohoapis.com.au',
  'zoho.jp',
  'zohoapis.jp',
  'zohocloud.ca',
  'zohoapis.ca',
  'zoho.com.cn',
  'zohoapis.com.cn',
  'zoho.sa',
  'zohoapis.sa',
  'zoho.uk',
];
