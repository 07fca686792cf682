// How a crowd alert's measure is titled as an operation task: 【解放碑·橙色预警】关闭2号出入口 — the zone and tier first,
// so the task reads on its own in a list, an SMS or the Excel export. The screen shows zone and tier as a coloured chip
// from the task's fields and the measure without this head; the format lives here only.

/** The task title of a measure given on a zone's alert. */
export function alertMeasureTitle(zoneName: string, tierName: string, measure: string): string {
  return `【${zoneName}·${tierName}】${measure}`;
}

/** The measure without the 【zone·tier】 head alertMeasureTitle gave it; any other title as it is. */
export function measureOfTitle(title: string, zoneName: string): string {
  const head = `【${zoneName}·`;
  const end = title.indexOf('】');
  return title.startsWith(head) && end > head.length ? title.slice(end + 1).trim() : title;
}
