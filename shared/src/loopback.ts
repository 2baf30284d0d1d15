// RFC 6761 §6.3: localhost and every name under .localhost are loopback names; 127.0.0.0/8 and ::1
// are loopback addresses. Only this machine can open them (deploy/demo-secrets.ts keeps its own
// copy of the same rule for the container demo).
const LOOPBACK_HOST = /^(?:localhost|(?:[a-z0-9-]+\.)+localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOST.test(hostname);
