// The inspector app's words (zh-CN default, English).

import { defineMessages } from '../../i18n/index.tsx';

export const inspectorMessages = defineMessages({
  'inspector.verify': { zh: '核实任务', en: 'Verify' },
  'inspector.check': { zh: '核查任务', en: 'Check' },
  'inspector.mine': { zh: '指派给我', en: 'Assigned to me' },
  'inspector.empty': { zh: '暂无任务', en: 'No tasks' },
  'inspector.more': { zh: '加载更多', en: 'Load more' },
  'inspector.navigate': { zh: '位置', en: 'Location' },
  'inspector.stale': {
    zh: '离线：显示 {time} 加载的任务',
    en: 'Offline: tasks as loaded at {time}',
  },

  'inspector.tab.tasks': { zh: '任务', en: 'Tasks' },
  'inspector.tab.map': { zh: '地图', en: 'Map' },
  'inspector.tab.report': { zh: '上报', en: 'Report' },
  'inspector.tab.queue': { zh: '队列', en: 'Queue' },

  'inspector.offline': {
    zh: '当前离线：上报和轨迹保存在手机上，联网后自动发送',
    en: 'Offline: reports and the track are kept on the phone and sent when back online',
  },
  'inspector.duty': { zh: '在岗巡查', en: 'On duty' },
  'inspector.duty.on': { zh: '巡查中', en: 'Patrolling' },
  'inspector.duty.off': { zh: '未在岗', en: 'Off duty' },
  'inspector.duty.since': { zh: '{time} 起在岗', en: 'On duty since {time}' },
  'inspector.duty.points': { zh: '待发送轨迹点 {n} 个', en: '{n} track points to send' },
  // why the track is not being recorded (see shared/geolocation.ts)
  'inspector.duty.gps.insecure': {
    zh: '当前为非安全连接（HTTP），无法定位，巡查轨迹不能记录',
    en: 'This connection is not secure (HTTP): no position, so the patrol track is not recorded',
  },
  'inspector.duty.gps.unsupported': {
    zh: '此浏览器无法定位，巡查轨迹不能记录',
    en: 'This browser cannot read the position, so the patrol track is not recorded',
  },
  'inspector.duty.gps.denied': {
    zh: '未获得定位权限，巡查轨迹不能记录',
    en: 'Your position may not be read, so the patrol track is not recorded',
  },
  'inspector.duty.gps.unavailable': {
    zh: '暂时无法获取位置，恢复后继续记录轨迹',
    en: 'No position right now; the track goes on once there is one',
  },
  'inspector.duty.gps.timeout': {
    zh: '定位超时，恢复后继续记录轨迹',
    en: 'No position for a while; the track goes on once there is one',
  },
  'inspector.duty.foreground': {
    zh: '请保持本页面打开，轨迹才会持续记录',
    en: 'Keep this page open to keep recording the track',
  },

  'report.title': { zh: '随手上报', en: 'Report a problem' },
  'report.photos': { zh: '现场照片', en: 'Photos' },
  'report.photoRequired': { zh: '请至少拍一张现场照片', en: 'Take at least one photo' },
  'report.takePhoto': { zh: '拍照', en: 'Take photo' },
  'report.removePhoto': { zh: '移除', en: 'Remove' },
  'report.position': { zh: '位置', en: 'Position' },
  'report.locating': { zh: '正在定位…', en: 'Locating…' },
  'report.located': { zh: 'GPS 定位 ±{accuracy} 米', en: 'GPS fix ±{accuracy} m' },
  'report.pickedOnMap': { zh: '地图选点', en: 'Placed on the map' },
  'report.relocate': { zh: '重新定位', en: 'Locate again' },
  'report.pickOnMap': { zh: '在地图上选点', en: 'Place on the map' },
  'report.noPosition': { zh: '请定位或在地图上选点', en: 'Locate or place it on the map' },
  'report.class': { zh: '问题类别', en: 'Class' },
  'report.otherClass': {
    zh: '搜索其他类别（名称、编码或拼音首字母）',
    en: 'Search another class (name, code, initials)',
  },
  'report.noClass': { zh: '请选择问题类别', en: 'Choose a class' },
  'report.component': { zh: '部件编码（可选）', en: 'Component code (optional)' },
  'report.nearbyComponents': { zh: '附近部件', en: 'Nearby components' },
  'report.description': { zh: '问题描述', en: 'Description' },
  'report.descriptionHint': {
    zh: '简要描述，可不填（默认用类别名称）',
    en: 'Short description (optional: the class name is used)',
  },
  'report.submit': { zh: '上报', en: 'Send report' },
  'report.queued': { zh: '已保存，联网后自动上报', en: 'Saved; it will be sent when online' },
  'report.sent': { zh: '已上报，案件编号 {number}', en: 'Reported: case {number}' },
  'report.saved': { zh: '已加入上报队列', en: 'Added to the queue' },
  'report.amend': { zh: '修改后重新上报', en: 'Fix and send again' },
  'report.tooManyPhotos': { zh: '最多 {n} 张照片', en: 'At most {n} photos' },

  'queue.empty': { zh: '没有待发送的内容', en: 'Nothing waiting to be sent' },
  'queue.syncNow': { zh: '立即发送', en: 'Send now' },
  'queue.status.pending': { zh: '待发送', en: 'Waiting' },
  'queue.status.sending': { zh: '发送中', en: 'Sending' },
  'queue.status.failed': { zh: '被退回', en: 'Refused' },
  'queue.status.sent': { zh: '已上报', en: 'Sent' },
  'queue.kind.report': { zh: '问题上报', en: 'Report' },
  'queue.kind.shift_start': { zh: '上岗', en: 'On duty' },
  'queue.kind.shift_end': { zh: '下岗', en: 'Off duty' },
  'queue.attempts': { zh: '已尝试 {n} 次，下次 {time}', en: '{n} tries, next at {time}' },
  'queue.lastError': { zh: '上次失败：{message}', en: 'Last failure: {message}' },
  'queue.fix': { zh: '修改', en: 'Fix' },
  'queue.discard': { zh: '放弃', en: 'Discard' },
  'queue.discardConfirm': {
    zh: '放弃这条上报？照片也将从手机上删除。',
    en: 'Discard this report and its photos?',
  },
  'queue.photos': { zh: '{n} 张照片', en: '{n} photos' },

  'map.myGrid': { zh: '我的责任网格', en: 'My grid' },
  'map.noGrid': { zh: '未分配责任网格', en: 'No responsibility grid assigned' },
  'map.tasks': { zh: '任务点', en: 'Tasks' },
  'map.me': { zh: '我的位置', en: 'Me' },

  'track.title': { zh: '巡查轨迹', en: 'Patrol tracks' },
  'track.date': { zh: '日期', en: 'Date' },
  'track.person': { zh: '人员', en: 'Person' },
  'track.nobody': { zh: '当天无人巡查', en: 'Nobody patrolled that day' },
  'track.points': { zh: '轨迹点', en: 'Points' },
  'track.distance': { zh: '里程', en: 'Distance' },
  'track.shifts': { zh: '在岗时段', en: 'On duty' },
  'track.open': { zh: '（未下岗）', en: '(still on duty)' },
  'track.first': { zh: '首次定位', en: 'First fix' },
  'track.last': { zh: '末次定位', en: 'Last fix' },
});
