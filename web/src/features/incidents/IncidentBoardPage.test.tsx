import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../api/types';
import { makeIncident, makeMe } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import { IncidentBoardPage } from './IncidentBoardPage';
import { BOARD_COLUMNS } from './model';

afterEach(() => vi.unstubAllGlobals());

/**
 * jsdom lays nothing out, so dnd-kit would see every element at 0,0. Give each
 * column a 300 px slot and each card a box inside its column (the drag overlay
 * starts where its card was), which is all the keyboard sensor and the
 * collision detection need.
 */
function fakeLayout() {
  const rect = (left: number, top: number, width: number, height: number): DOMRect =>
    ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) }) as DOMRect;
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const overlay = this.closest('[data-drag-overlay]');
    const column = overlay
      ? overlay.getAttribute('data-drag-overlay')
      : this.closest('[data-board-column]')?.getAttribute('data-board-column');
    const index = BOARD_COLUMNS.indexOf(column as never);
    if (index === -1) return rect(0, 0, 0, 0);
    const left = index * 300;
    if (this.hasAttribute('data-board-column')) return rect(left, 0, 280, 800);
    return rect(left + 10, 60, 260, 100);
  });
}

beforeEach(fakeLayout);

const page = (data: Incident[]) => jsonResponse({ data, pagination: { page: 1, limit: 100, total: data.length, totalPages: 1 } });

/** The API over a little store: a successful action's answer becomes the stored incident. */
function api(initial: Incident[], onAction: (req: RecordedRequest) => Response | Promise<Response>) {
  let incidents = [...initial];
  return stubFetch(async (req) => {
    if (req.method === 'GET' && req.url.startsWith('/api/v1/incidents?')) {
      const status = new URLSearchParams(req.url.split('?')[1]).get('status');
      return page(status === 'open' ? incidents.filter((i) => i.status !== 'resolved') : incidents.filter((i) => i.status === 'resolved'));
    }
    if (req.method === 'GET' && req.url === '/api/v1/services') return jsonResponse({ data: [] });
    if (req.method === 'POST') {
      const response = await onAction(req);
      if (response.ok) {
        const updated = ((await response.clone().json()) as { data: Incident }).data;
        incidents = incidents.map((i) => (i.id === updated.id ? updated : i));
      }
      return response;
    }
    return notFound();
  });
}

const column = (status: string) => screen.getByRole('region', { name: status });
const findColumn = (status: string) => screen.findByRole('region', { name: status });
const triggeredIncident = makeIncident({ id: 'inc-1', title: 'Checkout 5xx above 5%' });

/** Focuses the card's handle, picks it up with Space, moves one column right, drops it. */
async function moveRightWithKeyboard(title: string) {
  const user = userEvent.setup();
  const handle = await screen.findByRole('button', { name: new RegExp(`Move incident “${title}”`) });
  handle.focus();
  await user.keyboard('[Space]');
  await user.keyboard('[ArrowRight]');
  await user.keyboard('[Space]');
}

describe('IncidentBoardPage', () => {
  it('acknowledges an incident dropped on Acknowledged with the keyboard, moving the card at once', async () => {
    let release: (r: Response) => void = () => {};
    const { requests } = api([triggeredIncident], () => new Promise<Response>((resolve) => (release = resolve)));
    renderRoute(<IncidentBoardPage />, { at: '/incidents/board', path: '/incidents/board' });

    expect(await within(await findColumn('Triggered')).findByText('Checkout 5xx above 5%')).toBeInTheDocument();
    await moveRightWithKeyboard('Checkout 5xx above 5%');

    // Optimistic: the card is in its new column before the API answers.
    await waitFor(() => expect(within(column('Acknowledged')).getByText('Checkout 5xx above 5%')).toBeInTheDocument());
    expect(within(column('Triggered')).queryByText('Checkout 5xx above 5%')).not.toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.url).toBe('/api/v1/incidents/inc-1/acknowledge');

    release(jsonResponse({ data: { ...triggeredIncident, status: 'acknowledged' } }));
    expect(await screen.findByText('Incident acknowledged')).toBeInTheDocument();
    expect(screen.getByTestId('board-status')).toHaveTextContent('Incident acknowledged');
  });

  it('puts the card back and says why when the API answers 409', async () => {
    const { requests } = api([triggeredIncident], () =>
      jsonResponse({ error: 'conflict', message: 'cannot acknowledge an incident that is acknowledged', statusCode: 409 }, 409),
    );
    renderRoute(<IncidentBoardPage />, { at: '/incidents/board', path: '/incidents/board' });
    await within(await findColumn('Triggered')).findByText('Checkout 5xx above 5%');

    await moveRightWithKeyboard('Checkout 5xx above 5%');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not acknowledge “Checkout 5xx above 5%”');
    expect(alert).toHaveTextContent('cannot acknowledge an incident that is acknowledged');
    expect(alert).toHaveTextContent('The card went back to Triggered');
    expect(within(column('Triggered')).getByText('Checkout 5xx above 5%')).toBeInTheDocument();
    expect(within(column('Acknowledged')).queryByText('Checkout 5xx above 5%')).not.toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('reopens a resolved incident dragged back to Triggered', async () => {
    const resolved = makeIncident({ id: 'inc-2', title: 'Search down', status: 'resolved' });
    const { requests } = api([resolved], () => jsonResponse({ data: { ...resolved, status: 'triggered' } }));
    renderRoute(<IncidentBoardPage />, { at: '/incidents/board', path: '/incidents/board' });
    const user = userEvent.setup();
    const handle = await screen.findByRole('button', { name: /Move incident “Search down”/ });
    handle.focus();
    await user.keyboard('[Space]');
    for (let i = 0; i < 4; i++) await user.keyboard('[ArrowLeft]');
    await user.keyboard('[Space]');

    expect(await screen.findByText('Incident reopened')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.url).toBe('/api/v1/incidents/inc-2/reopen');
    await waitFor(() => expect(within(column('Triggered')).getByText('Search down')).toBeInTheDocument());
  });

  it('refuses a move the state machine forbids without asking the API', async () => {
    const investigating = makeIncident({ id: 'inc-3', title: 'Slow search', status: 'investigating' });
    const { requests } = api([investigating], () => jsonResponse({}, 500));
    renderRoute(<IncidentBoardPage />, { at: '/incidents/board', path: '/incidents/board' });
    const user = userEvent.setup();
    const handle = await screen.findByRole('button', { name: /Move incident “Slow search”/ });
    handle.focus();
    await user.keyboard('[Space]');
    await user.keyboard('[ArrowLeft]');
    await user.keyboard('[Space]');

    expect(await screen.findByText('That move is not possible')).toBeInTheDocument();
    expect(within(column('Investigating')).getByText('Slow search')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('shows cards without drag handles to users who may not change incidents', async () => {
    api([triggeredIncident], () => jsonResponse({}, 500));
    renderRoute(<IncidentBoardPage />, {
      at: '/incidents/board',
      path: '/incidents/board',
      user: makeMe({ roles: ['viewer'], permissions: ['incidents:read'] }),
    });
    expect(await screen.findByText('Checkout 5xx above 5%')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Move incident/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Moving incidents needs the incidents:write permission/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New incident' })).not.toBeInTheDocument();
  });
});
