import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Arrow keys move a picked-up card one whole column left or right (the default
 * getter moves 25 px per press, which takes a dozen presses per column).
 * Returns the new top-left corner of the dragged card, centred in the column.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (event.code === 'ArrowUp' || event.code === 'ArrowDown') {
    event.preventDefault(); // cards keep their order inside a column: nothing to do
    return undefined;
  }
  if (step === 0) return undefined;
  event.preventDefault();
  const { active, collisionRect, droppableRects, droppableContainers, over } = context;
  if (!active || !collisionRect) return undefined;
  const columns = droppableContainers
    .getEnabled()
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      return rect ? [{ id: container.id, rect }] : [];
    })
    .sort((a, b) => a.rect.left - b.rect.left);
  const currentId = over?.id ?? (active.data.current as { status?: string } | undefined)?.status;
  const index = columns.findIndex((c) => c.id === currentId);
  const target = columns[index === -1 ? 0 : index + step];
  if (!target) return undefined;
  return {
    x: target.rect.left + (target.rect.width - collisionRect.width) / 2,
    y: target.rect.top + Math.min(48, Math.max(0, target.rect.height - collisionRect.height) / 2),
  };
};
