import type { Tier } from '../crowd/bands.js';
import type { GateRow } from '../crowd/zones-repository.js';
import type { Measure } from './playbooks-repository.js';

/**
 * The measures a key zone starts with, per tier (DOMAIN.md §4: warn on the forecast, act before the band; the Bund
 * inquiry: one-way routes, live counts, early dispersal). The command post and the street sub-command of the zone own
 * them; traffic measures go to the transport task force. Gates are the zone's own: the widest way in is the last to
 * close, so red closes the other entrances first. Auto: orange and red run by themselves; blue and yellow by a click.
 */
export function defaultPlaybook(tier: Tier, gates: readonly GateRow[]): { auto: boolean; measures: Measure[] } {
  const entrances = gates.filter((g) => g.active && g.direction !== 'out').sort((a, b) => a.width_m - b.width_m);
  const narrowest = entrances[0];
  switch (tier) {
    case 'blue':
      return { auto: false, measures: [
        { kind: 'broadcast', title: '广播提示：人流较多，请有序通行', target: 'command_post', limitMinutes: 10 },
        { kind: 'reinforce', title: '加密巡查，网格员到岗到位', target: 'street', limitMinutes: 15 },
      ] };
    case 'yellow':
      return { auto: false, measures: [
        { kind: 'one_way', title: '启用单向通行（右进左出），设置隔离护栏', target: 'command_post', limitMinutes: 15 },
        { kind: 'broadcast', title: '广播及大屏发布实时人数，引导错峰', target: 'command_post', limitMinutes: 10 },
        { kind: 'reinforce', title: '街道分指挥部增派志愿者疏导', target: 'street', limitMinutes: 20 },
      ] };
    case 'orange':
      return { auto: true, measures: [
        { kind: 'limit_flow', title: '入口限流：分批放行，外围蓄客', target: 'command_post', limitMinutes: 10 },
        ...(narrowest ? [{ kind: 'close_gate' as const, title: `关闭${narrowest.name}（只出不进）`, target: 'command_post', gate: narrowest.code, limitMinutes: 10 }] : []),
        { kind: 'metro_skip', title: '请求轨道交通相关站点限流', target: 'TF-JTYS', limitMinutes: 15 },
        { kind: 'broadcast', title: '广播劝离：区域已较拥挤，请勿继续进入', target: 'command_post', limitMinutes: 5 },
      ] };
    case 'red':
      return { auto: true, measures: [
        { kind: 'close_gate', title: '关闭全部入口，只出不进', target: 'command_post', limitMinutes: 5 },
        { kind: 'metro_skip', title: '请求轨道交通邻近站点甩站通过', target: 'TF-JTYS', limitMinutes: 10 },
        { kind: 'one_way', title: '全域单向疏散，打开应急通道', target: 'command_post', limitMinutes: 5 },
        { kind: 'reinforce', title: '增派警力与医疗力量到场', target: 'street', limitMinutes: 10 },
        { kind: 'broadcast', title: '循环广播疏散指引', target: 'command_post', limitMinutes: 5 },
      ] };
  }
}
