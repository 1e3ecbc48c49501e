import { defineIntegration } from '../define-integration.ts';
import {
  apiKeyCredential,
  basicCredential,
  bearerCredential,
  oauth2ClientCredentialsCredential,
} from './credentials.ts';
import { httpRequestNode } from './http-request.ts';

export const httpRequestIntegration = defineIntegration({
  name: 'http-request',
  credentials: [apiKeyCredential, bearerCredential, basicCredential, oauth2ClientCredentialsCredential],
  nodes: [httpRequestNode],
});
