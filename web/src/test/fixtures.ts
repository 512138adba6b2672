import { PERMISSIONS, type Incident, type Me, type Playbook, type Run, type Session } from '../api/types';

/** The http-check playbook as the API describes it (test data only). */
export const httpCheck: Playbook = {
  name: 'http-check',
  title: 'HTTP check',
  description: 'Requests a URL and checks the status code.',
  category: 'diagnostics',
  risk: 'low',
  requiresApproval: false,
  timeoutSeconds: 60,
  permission: 'playbooks:run',
  paramsSchema: {
    type: 'object',
    properties: {
      url: { type: 'string', format: 'uri', description: 'Address to request.' },
      method: { type: 'string', enum: ['GET', 'HEAD'], default: 'GET' },
      expectStatus: { type: 'integer', minimum: 100, maximum: 599, default: 200 },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 10 },
    },
    required: ['url'],
  },
};

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    playbook: 'http-check',
    status: 'pending',
    params: { url: 'https://example.com', method: 'GET', expectStatus: 200, timeoutSeconds: 10 },
    result: null,
    error: null,
    workflowId: 'playbook/http-check/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    temporalRunId: 'b7c0e1f2-0000-4000-8000-000000000001',
    temporalUrl: 'http://127.0.0.1:8233/namespaces/default/workflows/playbook%2Fhttp-check%2F0193a1b2/b7c0e1f2/history',
    requestedBy: 'alice',
    permission: 'playbooks:run',
    dryRun: false,
    redacted: false,
    steps: null,
    createdAt: '2026-11-25T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** A signed-in user; by default an admin holding every permission. */
export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'user-admin',
    email: 'admin@example.com',
    displayName: 'Ada Admin',
    roles: ['admin'],
    active: true,
    mfaEnabled: false,
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
    lastLoginAt: '2026-11-25T09:00:00Z',
    permissions: [...PERMISSIONS],
    mfaRequired: false,
    mustChangePassword: false,
    ...overrides,
  };
}

export function makeSession(user: Me = makeMe(), accessToken = 'access-1', expiresIn = 900): Session {
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt: new Date(Date.now() + expiresIn * 1_000).toISOString(),
    expiresIn,
    user,
  };
}

/** An open, triggered incident (test data only). */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: '01a213b3-f2d9-7986-a2cc-57e83822e3bd',
    serviceId: '01a213b3-e8b4-7498-92b9-78738d25d389',
    serviceName: 'checkout-api',
    title: 'Checkout 5xx above 5%',
    description: 'Error rate spiked after deploy 412',
    severity: 'critical',
    status: 'triggered',
    dedupKey: 'deploy-412',
    alertCount: 1,
    lastAlertAt: '2026-11-25T17:14:49Z',
    assigneeId: null,
    escalationLevel: 1,
    escalationRound: 0,
    nextEscalationAt: null,
    ackDeadline: null,
    resolveDeadline: null,
    ackBreached: false,
    resolveBreached: false,
    workflowId: 'incident/01a213b3-f2d9-7986-a2cc-57e83822e3bd',
    createdBy: 'alice@example.com',
    createdAt: '2026-11-25T17:14:49Z',
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: '2026-11-25T17:14:49Z',
    temporalUrl: 'http://localhost:8233/namespaces/default/workflows/incident%2F01a213b3',
    ...overrides,
  };
}
