import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useIsMutating } from '@tanstack/react-query';
import { Info, X } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Incident, IncidentStatus } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock, Spinner } from '../../components/ui/Spinner';
import { useNow } from '../../hooks/useNow';
import { cn } from '../../lib/cn';
import { columnCards, MOVE_MUTATION_KEY, useBoard, useMoveIncident } from './boardData';
import { columnKeyboardCoordinates } from './boardKeyboard';
import { IncidentCard } from './IncidentCard';
import { IncidentViewSwitch, NewIncidentButton } from './IncidentViews';
import { statusLabel } from '../../entities/incident/labels';
import { ACTION_DONE, BOARD_COLUMNS, planMove } from './model';
import { NewIncidentDialog } from './NewIncidentDialog';
import { useServices } from '../../entities/service/queries';

/** Pointer first (what is under the cursor), else the column the card overlaps most (keyboard). */
const collisionDetection: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

export const screenReaderInstructions = {
  draggable:
    'To move an incident, press Space or Enter to pick it up. Use the left and right arrow keys to choose a column, ' +
    'then press Space or Enter to drop it there, which acknowledges, investigates, mitigates, resolves or reopens it. ' +
    'Press Escape to cancel.',
};

type Notice = { tone: 'success' | 'danger' | 'info'; title: string; text: string };

/** /incidents/board — drag a card to a column to perform the matching action. */
export function IncidentBoardPage() {
  const moving = useIsMutating({ mutationKey: MOVE_MUTATION_KEY }) > 0;
  const board = useBoard(moving);
  const services = useServices();
  const move = useMoveIncident();
  const canWrite = useCan('incidents:write');
  const now = useNow(1_000).getTime();
  const [active, setActive] = useState<Incident | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState(false);
  const incidents = board.data?.incidents ?? [];

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );

  const find = (id: UniqueIdentifier) => incidents.find((i) => i.id === id);
  const title = (id: UniqueIdentifier) => `“${find(id)?.title ?? 'incident'}”`;

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => {
      const incident = find(a.id);
      return `Picked up incident ${title(a.id)} in ${statusLabel(incident?.status ?? '')}.`;
    },
    onDragOver: ({ active: a, over }) => {
      const incident = find(a.id);
      if (!over || !incident) return `Incident ${title(a.id)} is no longer over a column.`;
      const plan = planMove(incident.status, over.id as IncidentStatus);
      if (plan.kind === 'none') return `Over ${statusLabel(String(over.id))}, where it already is.`;
      if (plan.kind === 'refused') return `Over ${statusLabel(String(over.id))}. ${plan.reason}`;
      return `Over ${statusLabel(String(over.id))}: dropping will ${plan.action} the incident.`;
    },
    onDragEnd: ({ active: a, over }) =>
      over ? `Dropped incident ${title(a.id)} on ${statusLabel(String(over.id))}.` : `Dropped incident ${title(a.id)} outside the columns; nothing changed.`,
    onDragCancel: ({ active: a }) => `Move cancelled. Incident ${title(a.id)} stays where it was.`,
  };

  /** The move handler: check the transition, then move optimistically and undo on refusal. */
  const moveTo = (incident: Incident, to: IncidentStatus) => {
    const plan = planMove(incident.status, to);
    if (plan.kind === 'none') return;
    if (plan.kind === 'refused') {
      setNotice({ tone: 'info', title: 'That move is not possible', text: plan.reason });
      return;
    }
    setNotice(null);
    move.mutate(
      { incident, action: plan.action, to: plan.to },
      {
        onSuccess: () =>
          setNotice({ tone: 'success', title: `Incident ${ACTION_DONE[plan.action]}`, text: `“${incident.title}” is now ${statusLabel(plan.to).toLowerCase()}.` }),
        onError: (error) =>
          setNotice({
            tone: 'danger',
            title: `Could not ${plan.action} “${incident.title}”`,
            text: `${error instanceof ApiError && error.status === 409 ? `${error.message}. ` : `${error.message} `}The card went back to ${statusLabel(incident.status)}.`,
          }),
      },
    );
  };

  const onDragStart = ({ active: a }: DragStartEvent) => setActive(find(a.id) ?? null);
  const onDragEnd = ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    const incident = find(a.id);
    if (incident && over) moveTo(incident, over.id as IncidentStatus);
  };

  return (
    <>
      <PageHeader
        title="Incident board"
        description={
          canWrite
            ? 'Drag a card, or pick it up with Space and move it with the arrow keys, to acknowledge, investigate, mitigate, resolve or reopen it.'
            : 'Open and recently resolved incidents by status.'
        }
        actions={
          <>
            {(board.isFetching || moving) && !board.isLoading && <Spinner className="text-fg-muted" />}
            <IncidentViewSwitch />
            <NewIncidentButton onClick={() => setCreating(true)} services={services.data} />
          </>
        }
      />
      <div aria-live="polite" className="sr-only" data-testid="board-status">
        {notice && notice.tone !== 'danger' ? `${notice.title}. ${notice.text}` : ''}
      </div>
      {notice && (
        <div className="mb-4 flex items-start gap-2">
          <Alert tone={notice.tone} title={notice.title} live={notice.tone === 'danger'} className="flex-1">
            {notice.text}
          </Alert>
          <Button variant="ghost" size="sm" onClick={() => setNotice(null)} aria-label="Dismiss message">
            <X aria-hidden />
          </Button>
        </div>
      )}
      {!canWrite && (
        <p className="mb-4 flex items-center gap-2 text-sm text-fg-muted">
          <Info aria-hidden className="size-4" />
          Moving incidents needs the incidents:write permission.
        </p>
      )}
      {board.data?.truncated && (
        <Alert tone="warning" title="Not every open incident is on the board" className="mb-4">
          The board shows the 100 most recently updated open incidents; use the list to see all of them.
        </Alert>
      )}
      {board.isLoading ? (
        <LoadingBlock label="Loading incidents…" />
      ) : board.isError ? (
        <ErrorState error={board.error} title="Could not load the board" onRetry={() => void board.refetch()} />
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collisionDetection}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setActive(null)}
          accessibility={{ announcements, screenReaderInstructions }}
        >
          <div className="-mx-4 overflow-x-auto px-4 pb-2 sm:mx-0 sm:px-0">
            <div className="grid min-w-[60rem] grid-cols-5 gap-3">
              {BOARD_COLUMNS.map((status) => (
                <BoardColumn
                  key={status}
                  status={status}
                  incidents={columnCards(incidents, status)}
                  now={now}
                  canWrite={canWrite}
                  activeStatus={active?.status ?? null}
                />
              ))}
            </div>
          </div>
          <DragOverlay dropAnimation={null}>
            {active ? (
              <div data-drag-overlay={active.status}>
                <IncidentCard incident={active} now={now} overlay />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
      <NewIncidentDialog open={creating} onClose={() => setCreating(false)} services={services.data ?? []} />
    </>
  );
}

interface BoardColumnProps {
  status: IncidentStatus;
  incidents: Incident[];
  now: number;
  canWrite: boolean;
  /** Status of the card being dragged, to show which columns take it. */
  activeStatus: IncidentStatus | null;
}

function BoardColumn({ status, incidents, now, canWrite, activeStatus }: BoardColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const plan = activeStatus ? planMove(activeStatus, status) : null;
  const accepts = plan?.kind === 'action';
  const headingId = `board-column-${status}`;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-board-column={status}
      className={cn(
        'flex min-h-72 flex-col rounded-lg border bg-subtle/60 transition-colors',
        !activeStatus && 'border-line',
        activeStatus && accepts && 'border-dashed border-info/70',
        activeStatus && !accepts && plan?.kind !== 'none' && 'border-line opacity-60',
        activeStatus && plan?.kind === 'none' && 'border-line',
        isOver && accepts && 'border-solid border-info bg-info-soft/50',
        isOver && plan?.kind === 'refused' && 'border-danger/60',
      )}
    >
      <header className="flex items-center justify-between gap-2 border-b border-line px-3 py-2.5">
        <h2 id={headingId} className="text-sm font-semibold">
          {statusLabel(status)}
        </h2>
        <span className="rounded-full bg-surface px-2 py-0.5 text-xs font-medium tabular-nums text-fg-muted" aria-label={`${incidents.length} incidents`}>
          {incidents.length}
        </span>
      </header>
      <ul className="flex flex-1 flex-col gap-2 p-2">
        {incidents.map((incident) => (
          <DraggableCard key={incident.id} incident={incident} now={now} disabled={!canWrite} />
        ))}
        {incidents.length === 0 && <li className="px-2 py-6 text-center text-xs text-fg-muted">No incidents</li>}
      </ul>
    </section>
  );
}

function DraggableCard({ incident, now, disabled }: { incident: Incident; now: number; disabled: boolean }) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: incident.id,
    data: { status: incident.status },
    disabled,
  });
  return (
    <li ref={setNodeRef} data-incident-card={incident.id}>
      <IncidentCard
        incident={incident}
        now={now}
        dragging={isDragging}
        handleProps={
          disabled
            ? undefined
            : {
                ...attributes,
                ...listeners,
                ref: setActivatorNodeRef,
                'aria-roledescription': 'draggable incident',
                'aria-label': `Move incident “${incident.title}” (${statusLabel(incident.status)})`,
              }
        }
      />
    </li>
  );
}
