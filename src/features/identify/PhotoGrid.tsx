/**
 * The result cards, virtualised: with thousands of photos only the rows near the window's view are in the
 * DOM (each card's object URL lives only while it is rendered). Small batches render every card.
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import type { KnownPeopleIndex } from '../../domain/matching';
import type { PhotoItem } from '../../state/store';
import { PhotoCard } from './PhotoCard';

/** Matches `.cards` in styles.css: minmax(240px, 1fr) columns, 0.85rem gaps. */
const MIN_CARD_PX = 240;
const GAP_PX = 13.6;
/** A card's height beyond its photo: name, status, labels. */
const CARD_BODY_PX = 100;
/** Up to this many photos every card is rendered (find-in-page and tests see them all). */
const RENDER_ALL_UP_TO = 60;
const OVERSCAN_ROWS = 3;

export function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + GAP_PX) / (MIN_CARD_PX + GAP_PX)));
}

/** A row's height before it is measured: a square photo the width of a column, plus the card's body. */
function estimateRowPx(width: number, columns: number): number {
  const column = width > 0 ? (width - GAP_PX * (columns - 1)) / columns : MIN_CARD_PX;
  return Math.round(column + CARD_BODY_PX);
}

interface PhotoGridProps {
  photos: readonly PhotoItem[];
  index: KnownPeopleIndex;
  tolerance: number;
}

export function PhotoGrid({ photos, index, tolerance }: PhotoGridProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [top, setTop] = useState(0);

  useLayoutEffect(() => {
    const element = listRef.current;
    if (!element) return undefined;
    const measure = () => {
      setWidth(element.clientWidth);
      setTop(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // Content above the list (notices, the resume offer) moves it without resizing it.
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const columns = columnsFor(width);
  const rows = Math.ceil(photos.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => estimateRowPx(width, columns),
    overscan: photos.length <= RENDER_ALL_UP_TO ? rows : OVERSCAN_ROWS,
    scrollMargin: top,
    gap: GAP_PX,
  });

  return (
    <div
      ref={listRef}
      role="list"
      aria-label="Photos"
      className="cards-virtual"
      data-testid="photo-list"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const first = row.index * columns;
        return (
          <div
            key={row.key}
            ref={virtualizer.measureElement}
            data-index={row.index}
            role="none"
            className="cards"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
            }}
          >
            {photos.slice(first, first + columns).map((photo, i) => (
              <PhotoCard
                key={photo.id}
                photo={photo}
                position={first + i + 1}
                count={photos.length}
                index={index}
                tolerance={tolerance}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
