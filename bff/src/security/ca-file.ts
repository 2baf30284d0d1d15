import { readFileSync } from 'node:fs';

/**
 * The PEM text of the CA file a setting names (SESSION_STORE_CA_FILE, API_CA_FILE), or the problem
 * that stops the start, naming the setting, the path and the fix. `signs`: whose certificate the CA
 * signed, for the message.
 */
export function readCaFile(setting: string, path: string, signs: string): { pem: string } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { problem: `${setting}: cannot read ${path} (${reason}): point it at the PEM file of the CA that signed ${signs}` };
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) return { pem: text };
  return { problem: `${setting}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----): use the CA certificate in PEM form` };
}
