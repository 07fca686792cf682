-- The sectors of the brief (交通运输、建筑工地、文化旅游、消防、燃气、危化品、工贸) and a starting checklist for each,
-- from the national rules named in `basis`. Centres edit the lines afterwards (PATCH /api/hazards/checklists/:id);
-- `major_hint` marks lines that the 重大事故隐患判定标准 of the sector usually treat as major.

INSERT INTO hazard_sectors (code, name, name_en, lead_unit, seq) VALUES
  ('transport',    '交通运输', 'Transport',               'D-JTJ',  1),
  ('construction', '建筑工地', 'Construction sites',      'D-ZJW',  2),
  ('tourism',      '文化旅游', 'Culture and tourism',     'D-WLW',  3),
  ('fire',         '消防',     'Fire safety',             'D-XFJY', 4),
  ('gas',          '燃气',     'Gas',                     'D-CGJ',  5),
  ('hazmat',       '危化品',   'Hazardous chemicals',     'D-YJJ',  6),
  ('industry',     '工贸',     'Industry and trade',      'D-YJJ',  7);

INSERT INTO hazard_checklist_items (sector, seq, title, title_en, basis, major_hint) VALUES
  ('transport', 1, '客运车辆（公交、旅游包车）安全技术状况良好，年检有效，安全设备齐全有效', 'Passenger vehicles (buses, chartered coaches) roadworthy, inspection valid, safety equipment complete', '《道路运输条例》第三十条', false),
  ('transport', 2, '驾驶人资格证件有效，无超时驾驶、疲劳驾驶', 'Drivers hold valid licences; no overtime or fatigued driving', '《道路交通安全法》第二十二条', false),
  ('transport', 3, '客运站落实“三不进站、六不出站”，危险品查堵到位', 'Coach stations enforce the entry/departure checks and stop dangerous goods', '《道路旅客运输及客运站管理规定》', false),
  ('transport', 4, '轨道交通站点出入口、换乘通道客流疏导和限流措施落实', 'Rail transit entrances and transfer passages have crowd guidance and flow limits in place', '《城市轨道交通运营管理规定》第四十三条', false),
  ('transport', 5, '道路护栏、标志标线、信号灯完好，占道施工围挡及警示设施到位', 'Guardrails, signs, markings and signals intact; road works fenced and signed', '《道路交通安全法》第三十二条', false),
  ('transport', 6, '码头、趸船及客渡船救生消防设备配备齐全，无超载超员', 'Docks, pontoons and ferries carry complete life-saving and fire equipment; no overloading', '《内河交通安全管理条例》第十九条', true),
  ('transport', 7, '出租车、网约车无非法营运，车内安全锤、灭火器配置齐全', 'No illegal taxi or ride-hailing operation; emergency hammers and extinguishers on board', '《巡游出租汽车经营服务管理规定》', false),

  ('construction', 1, '深基坑支护和降水按专项方案施工，监测数据在预警值内', 'Deep excavation support and dewatering follow the special plan; monitoring within alert values', '《危险性较大的分部分项工程安全管理规定》', true),
  ('construction', 2, '塔式起重机、施工升降机检验合格，安拆有专项方案，司机持证上岗', 'Tower cranes and hoists inspected, erection plans approved, operators certified', '《建筑起重机械安全监督管理规定》', true),
  ('construction', 3, '脚手架、模板支撑体系按方案搭设并经验收', 'Scaffolding and formwork supports built to plan and accepted', 'JGJ 130-2011 建筑施工扣件式钢管脚手架安全技术规范', true),
  ('construction', 4, '临边、洞口防护到位，高处作业人员系挂安全带', 'Edges and openings guarded; workers at height wear harnesses', 'JGJ 80-2016 建筑施工高处作业安全技术规范', false),
  ('construction', 5, '施工现场临时用电落实“三级配电、两级保护”', 'Temporary power on site uses three-level distribution and two-level protection', 'JGJ 46-2005 施工现场临时用电安全技术规范', false),
  ('construction', 6, '动火作业审批、看火人落实，易燃材料分类存放', 'Hot work permitted and watched; flammable materials stored apart', 'GB 50720-2011 建设工程施工现场消防安全技术规范', false),
  ('construction', 7, '工地围挡连续封闭，出入口有人值守，夜间警示灯完好', 'Site hoarding closed, gates manned, night warning lights working', '《建设工程安全生产管理条例》第二十八条', false),
  ('construction', 8, '节假日停工工地断电、封闭及值守措施落实', 'Sites idle over the holidays are de-energised, closed and watched', '《建设工程安全生产管理条例》', false),

  ('tourism', 1, '景区最大承载量核定并公示，落实预约、限流和分流措施', 'Scenic areas set and publish maximum capacity; booking, flow limits and diversion in place', '《旅游法》第四十五条', false),
  ('tourism', 2, '大型游乐设施、观光电梯定期检验合格，运营日检记录完整', 'Amusement rides and sightseeing lifts inspected; daily check records complete', '《特种设备安全法》第四十条', true),
  ('tourism', 3, '演出场所安全出口、疏散通道畅通，应急照明和疏散指示完好', 'Performance venues: exits and escape routes clear, emergency lighting and signs working', '《营业性演出管理条例》第二十条', false),
  ('tourism', 4, '歌舞娱乐、网吧等场所不超员，消防设施完好', 'Entertainment venues and internet cafés within capacity, fire equipment working', '《娱乐场所管理条例》第二十条', false),
  ('tourism', 5, '临江步道、观景平台护栏和警示标识完好', 'Riverside walks and viewing platforms have intact railings and warning signs', '《旅游安全管理办法》第六条', false),
  ('tourism', 6, '高峰时段安全员、志愿者到岗，应急疏散预案和广播系统有效', 'Safety staff and volunteers on duty at peaks; evacuation plan and PA system ready', '《旅游安全管理办法》第十条', false),
  ('tourism', 7, '旅游包车、导游资质合规，行程安全提示落实', 'Tour coaches and guides licensed; trip safety briefings given', '《旅行社条例》第三十九条', false),

  ('fire', 1, '疏散通道、安全出口畅通，无锁闭、堵塞、占用', 'Escape routes and exits clear, not locked, blocked or occupied', '《消防法》第二十八条；GB 35181-2017', true),
  ('fire', 2, '消防车通道畅通，无占用、堵塞、封闭', 'Fire engine access clear, not occupied, blocked or closed', '《消防法》第二十八条', true),
  ('fire', 3, '火灾自动报警、自动喷水灭火系统处于正常工作状态', 'Fire alarm and sprinkler systems in normal working order', 'GB 25201-2010 建筑消防设施的维护管理', true),
  ('fire', 4, '室内外消火栓、灭火器配置齐全、完好有效', 'Hydrants and extinguishers complete and in working order', 'GB 50140-2005 建筑灭火器配置设计规范', false),
  ('fire', 5, '应急照明和疏散指示标志完好有效', 'Emergency lighting and exit signs working', 'GB 51309-2018 消防应急照明和疏散指示系统技术标准', false),
  ('fire', 6, '电气线路规范敷设，无私拉乱接；电动自行车不在楼道、室内停放充电', 'Wiring installed properly; no e-bikes parked or charged in corridors or indoors', '《高层民用建筑消防安全管理规定》第三十七条', false),
  ('fire', 7, '人员密集场所外窗未设置影响逃生和灭火救援的障碍物', 'Crowded venues have no bars on windows that hinder escape or rescue', '《消防法》第二十八条', false),
  ('fire', 8, '消防控制室24小时双人值班，值班人员持证上岗', 'Fire control room staffed 24 h by two certified operators', 'GB 25506-2010 消防控制室通用技术要求', false),
  ('fire', 9, '生产、储存、经营场所与员工宿舍不在同一建筑内（无“三合一”）', 'No staff sleeping in the same building as production, storage or shops ("three-in-one")', '《消防法》第十九条；GB 35181-2017', true),

  ('gas', 1, '餐饮等商业用户安装可燃气体报警器并与紧急切断阀联动', 'Restaurants and other commercial users have gas detectors linked to shut-off valves', '《城镇燃气管理条例》第二十八条；GB 50028-2006', true),
  ('gas', 2, '燃气连接软管无老化、龟裂，长度不超过2米，未穿墙', 'Gas hoses not aged or cracked, at most 2 m long, not through walls', 'GB 50028-2006 城镇燃气设计规范', false),
  ('gas', 3, '无违规使用瓶装液化石油气，未与管道燃气混用', 'No illegal bottled LPG, not mixed with piped gas', '《城镇燃气管理条例》第二十八条', false),
  ('gas', 4, '燃气管道、阀门、调压设施无锈蚀泄漏，未被占压、圈占', 'Gas pipes, valves and regulators not corroded or leaking, not built over or enclosed', '《城镇燃气管理条例》第三十三条', true),
  ('gas', 5, '地下、半地下餐饮场所未违规使用燃气', 'No gas used illegally in basement or semi-basement restaurants', 'GB 50028-2006 第10.5.3条', true),
  ('gas', 6, '燃气企业年度入户安检完成，发现问题整改闭环', 'Gas company''s annual household checks done and problems closed', '《城镇燃气管理条例》第四十一条', false),
  ('gas', 7, '用气场所通风良好，用户安全用气宣传到位', 'Gas rooms well ventilated; users informed of safe use', '《城镇燃气管理条例》第二十七条', false),

  ('hazmat', 1, '危险化学品经营、使用单位许可证照齐全有效', 'Hazardous chemical businesses and users hold valid licences', '《危险化学品安全管理条例》第三十三条', false),
  ('hazmat', 2, '危化品在专用仓库或储存柜分类存放，不超量储存', 'Chemicals kept by class in dedicated stores or cabinets, within quantity limits', 'GB 15603-2022 危险化学品仓库储存通则', true),
  ('hazmat', 3, '加油站、液化气供应站防雷防静电设施检测合格', 'Filling and LPG stations have tested lightning and static protection', 'GB 50156-2021 汽车加油加气加氢站技术标准', false),
  ('hazmat', 4, '危化品运输车辆、驾驶人和押运人员资质合规，按规定路线时段通行', 'Chemical transport vehicles, drivers and escorts licensed; routes and hours kept', '《危险化学品安全管理条例》第四十四条', false),
  ('hazmat', 5, '重大危险源登记建档，监测监控系统正常运行', 'Major hazard installations registered and their monitoring systems running', 'GB 18218-2018 危险化学品重大危险源辨识', true),
  ('hazmat', 6, '从业人员培训合格，应急救援器材和防护用品配备到位', 'Staff trained; rescue equipment and protective gear in place', '《安全生产法》第二十八条', false),
  ('hazmat', 7, '烟花爆竹零售点布设、储存量及防火间距符合要求', 'Fireworks retail points sited, stocked and spaced as required', '《烟花爆竹安全管理条例》第十九条', true),

  ('industry', 1, '有限空间作业审批，落实“先通风、再检测、后作业”', 'Confined-space work permitted; ventilate, test, then enter', '《工贸企业有限空间作业安全规定》', true),
  ('industry', 2, '粉尘涉爆企业除尘系统、防爆措施符合要求', 'Combustible-dust plants have compliant dust removal and explosion protection', '《工贸企业粉尘防爆安全规定》', true),
  ('industry', 3, '涉氨制冷液氨储罐、管道无泄漏，报警装置有效', 'Ammonia refrigeration tanks and pipes not leaking; alarms working', '《工贸企业重大事故隐患判定标准》', true),
  ('industry', 4, '特种作业人员（电工、焊工等）持证上岗', 'Special-work staff (electricians, welders) certified', '《安全生产法》第三十条', false),
  ('industry', 5, '设备安全防护装置完好，检维修作业挂牌上锁', 'Machine guards intact; lock-out and tag-out during maintenance', '《安全生产法》第三十六条', false),
  ('industry', 6, '安全生产责任制和隐患排查治理制度建立并落实', 'Safety responsibility and hazard inspection systems in place and applied', '《安全生产法》第四十一条', false),
  ('industry', 7, '劳动防护用品按标准配备并正确佩戴', 'Protective equipment issued to standard and worn', '《安全生产法》第四十五条', false),
  ('industry', 8, '冷库、仓库消防通道畅通，无违规住人', 'Cold stores and warehouses keep fire lanes clear; nobody lives inside', '《消防法》第二十八条', false);
