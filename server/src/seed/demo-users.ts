import type { Role } from '../platform/access/roles.js';

/** Demo accounts, one per role (README lists them). Passwords: ADMIN_PASSWORD for admin, DEMO_PASSWORD for the rest. */
export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; unitCode: string; phone?: string }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unitCode: '500103' },
  { username: 'commander', displayName: '区指挥长', role: 'district_commander', unitCode: '500103', phone: '13800000001' },
  { username: 'district_op', displayName: '区中心值班员', role: 'district_operator', unitCode: '500103', phone: '13800000002' },
  { username: 'jfb_op', displayName: '解放碑街道值班员', role: 'street_operator', unitCode: '500103003', phone: '13800000003' },
  { username: 'qxg_op', displayName: '七星岗街道值班员', role: 'street_operator', unitCode: '500103001', phone: '13800000004' },
  { username: 'cgj_handler', displayName: '区城管局处置员', role: 'department_handler', unitCode: 'D-CGJ', phone: '13800000005' },
  { username: 'grid_lhc01', displayName: '莲花池社区第1网格网格员', role: 'grid_worker', unitCode: '50010300301601', phone: '13800000006' },
  { username: 'leader', displayName: '区领导', role: 'leader', unitCode: '500103' },
  { username: 'data_officer', displayName: '区大数据局数据专员', role: 'data_officer', unitCode: 'D-DSJJ' },
  { username: 'citizen', displayName: '市民', role: 'public', unitCode: '500103' },
];
