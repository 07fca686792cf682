// The kinds of emergency resource a plan lists and a post may request, each in one category.
export const RESOURCE_CATEGORIES = ['people', 'vehicle', 'equipment'] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

export const RESOURCE_TYPE_CATEGORY = {
  police_squad: 'people',
  security_team: 'people',
  volunteer_team: 'people',
  medical_team: 'people',
  ambulance: 'vehicle',
  fire_engine: 'vehicle',
  patrol_car: 'vehicle',
  shuttle_bus: 'vehicle',
  barrier: 'equipment',
  loudspeaker: 'equipment',
  lighting: 'equipment',
  drone: 'equipment',
} as const satisfies Record<string, ResourceCategory>;

export type ResourceType = keyof typeof RESOURCE_TYPE_CATEGORY;
export const RESOURCE_TYPES = Object.keys(RESOURCE_TYPE_CATEGORY) as [ResourceType, ...ResourceType[]];

export const RESOURCE_STATUSES = ['available', 'assigned', 'out_of_service'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
