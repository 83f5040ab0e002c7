"""Every word a reader sees, in English and Chinese, from one table.

A figure, a table or the briefing asks for a key and a language; a key
missing from the table is an error, never a silent fallback, and a test
checks that every key has both languages.
"""

from __future__ import annotations

from ..errors import InputError

LANGUAGES = ("en", "zh")

_LABELS: dict[str, tuple[str, str]] = {
    # figures of the day
    "vehicle_hours_pcu": ("vehicle-hours (pcu-h)", "车辆小时 (标准车·小时)"),
    "vehicle_km_pcu": ("vehicle-km (pcu-km)", "车辆公里 (标准车·公里)"),
    "delay_pcu_h": ("road delay (pcu-h)", "道路延误 (标准车·小时)"),
    "person_delay_h": ("delay to people (person-h)", "出行者延误 (人·小时)"),
    "mean_road_trip_delay_min": ("mean delay per road trip (min)",
                                 "每次道路出行平均延误 (分钟)"),
    "peak_road_load_pcu": ("most vehicles on the road at once (pcu)",
                           "同时在路车辆峰值 (标准车)"),
    "daily_peaks.count": ("peaks in the day", "每日高峰次数"),
    "road_trips": ("road trips", "道路出行次数"),
    "people": ("people", "人数"),
    # per group
    "delay_h": ("delay (person-h)", "延误 (人·小时)"),
    "commute_mean_min": ("mean commute (min)", "平均通勤时间 (分钟)"),
    "commute_p95_min": ("95th-percentile commute (min)", "通勤时间第95百分位 (分钟)"),
    "lateness_share": ("late for work or school", "迟到比例"),
    # groups
    "office": ("offices", "机关事业单位"),
    "enterprise": ("enterprises", "企业"),
    "service": ("services", "商业服务业"),
    "school": ("schools", "学校"),
    "background": ("other trips", "其他出行"),
    # school runs
    "parent_runs_on_time_share": ("parent school runs on time",
                                  "家长接送准时比例"),
    "care_mean_min": ("after-school care per child (min)",
                      "每名儿童课后托管时间 (分钟)"),
    "children_in_care": ("children in after-school care", "课后托管儿童人数"),
    # bridges
    "busiest_hour_pcu": ("busiest hour (pcu/h)", "最繁忙小时流量 (标准车/小时)"),
    "max_queue_pcu": ("longest queue (pcu)", "最长排队 (标准车)"),
    "bridge": ("bridge", "桥梁"),
    # tables
    "figure": ("figure", "指标"),
    "scenario": ("scenario", "方案"),
    "difference": ("difference from {reference}", "与{reference}之差"),
    "interval": ("95% interval over seeds", "各随机种子间的95%置信区间"),
    "seeds": ("seeds", "随机种子数"),
    "points": ("pp", "个百分点"),
    # axes and titles
    "time_of_day": ("time of day", "时刻"),
    "on_the_road_pcu": ("vehicles on the road (pcu)", "在路车辆 (标准车)"),
    "title_road_load": ("Vehicles on the road by time of day", "各时段在路车辆数"),
    "inflow_pcu_h": ("flow onto the bridge (pcu/h)", "上桥流量 (标准车/小时)"),
    "title_bridge_flow": ("Flow on each bridge by time of day", "各桥梁分时段流量"),
    "capacity": ("capacity", "通行能力"),
    "title_delay_saved": ("Delay saved against {reference}, by group",
                          "与{reference}相比各群体节省的延误"),
    "delay_saved_h": ("delay saved (person-h, 95% interval)",
                      "节省的延误 (人·小时，95%置信区间)"),
    "title_school_runs": ("School runs and after-school care", "接送孩子与课后托管"),
    "share_pct": ("share (%)", "比例 (%)"),
    "minutes": ("minutes", "分钟"),
    "title_commute": ("Morning commute of {group}", "{group}早通勤时间分布"),
    "commute_min": ("commute (min)", "通勤时间 (分钟)"),
    "share_of_commuters": ("share of commuters (cumulative)", "通勤者累计比例"),
    "title_gap": ("Adaptation: relative gap by day", "出行选择调整：各轮相对间隙"),
    "iteration": ("day of adaptation", "调整轮次"),
    "relative_gap": ("relative gap", "相对间隙"),
    "seed": ("seed", "随机种子"),
    "mean_over_seeds": ("mean over seeds", "各随机种子平均"),
}


def label(key: str, language: str, **values: str) -> str:
    """The text of `key` in `language` ("en" or "zh"), with {placeholders} filled."""
    if language not in LANGUAGES:
        raise InputError(f"unknown language {language!r}; allowed: "
                         f"{', '.join(LANGUAGES)}", field="lang")
    if key not in _LABELS:
        raise KeyError(f"no label for {key!r} in sim/report/labels.py")
    return _LABELS[key][LANGUAGES.index(language)].format(**values)


def kpi_label(key: str, language: str) -> str:
    """The text of a flat KPI key: "delay_pcu_h", "groups.office.lateness_share",
    "school_runs.care_mean_min", "bridges.<link id>.busiest_hour_pcu"."""
    parts = key.split(".")
    if parts[0] == "groups":
        return f"{label(parts[1], language)}: {label(parts[2], language)}"
    if parts[0] == "school_runs":
        return label(parts[1], language)
    if parts[0] == "bridges":
        return f"{label('bridge', language)} {parts[1]}: {label(parts[2], language)}"
    return label(key, language)


def all_keys() -> list[str]:
    """Every key of the table (for tests)."""
    return list(_LABELS)
