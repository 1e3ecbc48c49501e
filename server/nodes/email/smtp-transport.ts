// An SMTP transport from an `smtp` credential, shared by the email.send step and failure
// alerts. The server address goes through the SSRF guard (resolveHost); TLS still verifies
// the host name. File and URL access are off: message content comes from step data only,
// never from a path on this server or a URL fetched past the SSRF guard.
import nodemailer, { type Transporter } from 'nodemailer';

export type SmtpCredentialData = {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username?: string;
  password?: string;
  rejectUnauthorized: boolean;
};

export async function createSmtpTransport(
  data: SmtpCredentialData,
  resolveHost: (host: string) => Promise<string>,
): Promise<Transporter> {
  const address = await resolveHost(data.host);
  return nodemailer.createTransport({
    host: address,
    port: data.port,
    secure: data.security === 'tls',
    requireTLS: data.security === 'starttls',
    ignoreTLS: data.security === 'none',
    auth: data.username ? { user: data.username, pass: data.password ?? '' } : undefined,
    tls: { servername: data.host, rejectUnauthorized: data.rejectUnauthorized },
    name: 'hookflow',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // Transport-level flags bind every message: message data cannot switch them back on.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
