"""Every word a reader sees, in English and Chinese, from one table.

A figure, a table or the briefing asks for a key and a language; a key
missing from the table is an error, never a silent fallback, and a test
checks that every key has both languages.
"""

from __future__ import annotations

from ..errors import InputError
from ..scenario import LANGUAGES

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
    # impacts
    "fuel_l": ("petrol burnt (L)", "汽油消耗 (升)"),
    "co2_t": ("CO2 (t)", "二氧化碳排放 (吨)"),
    "congested_pcu_km": ("vehicle-km in congested traffic (pcu-km)",
                         "拥堵状态下行驶里程 (标准车·公里)"),
    "near_schools_at_bells_pcu_km": ("vehicle-km near schools at start and end (pcu-km)",
                                     "上下学时段学校周边行驶里程 (标准车·公里)"),
    "evening_h": ("evening left after work (h)", "下班后可支配晚间时间 (小时)"),
    "delay_cost_cny": ("delay at the value of time (CNY)", "延误时间价值 (元)"),
    "congested_min": ("congested (min)", "拥堵时长 (分钟)"),
    "title_impacts": ("Fuel, CO2 and exposure", "油耗、排放与暴露"),
    # the rest of kpis.json
    "legs_planned": ("trips planned", "计划出行次数"),
    "legs_done": ("trips made", "完成出行次数"),
    "legs_unfinished": ("trips still travelling at the end", "结束时仍在途的出行"),
    "legs_not_started": ("trips never started", "未出发的出行"),
    "mode_shares_of_trips": ("mode share", "出行方式比例"),
    "car": ("car", "小汽车"),
    "ebike": ("e-bike", "电动自行车"),
    "bus": ("bus", "公交"),
    "walk": ("walk", "步行"),
    "vehicles_released_after_stuck_time": ("vehicles released after being stuck",
                                           "滞留后被放行的车辆"),
    "gridlocks": ("gridlocks", "死锁次数"),
    "trips": ("trips", "出行次数"),
    "pupils": ("pupils", "学生人数"),
    "escorted_by_parent": ("school runs by a parent", "家长接送次数"),
    "escorted_by_grandparent": ("school runs by a grandparent", "祖辈接送次数"),
    "parent_runs_on_time": ("parent school runs on time (count)", "家长准时接送次数"),
    "care_child_hours": ("after-school care (child-hours)", "课后托管总时长 (儿童·小时)"),
    "capacity_pcu_h": ("capacity (pcu/h)", "通行能力 (标准车/小时)"),
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
    "road_heading": ("{name}, {heading}bound", "{name}（{heading}向）"),
    "east": ("east", "东"),
    "north": ("north", "北"),
    "west": ("west", "西"),
    "south": ("south", "南"),
    # the briefing
    "briefing_title": ("Staggered working hours: what the traffic model says",
                       "错峰上下班：交通模型的结论"),
    "finding_best": ("Of the schedules compared, {best} relieves the roads most: road delay "
                     "{change} against {reference} (95% interval {low} to {high}).",
                     "在比较的方案中，{best}对道路的缓解作用最大：与{reference}相比，道路延误"
                     "变化{change}（95%置信区间{low}至{high}）。"),
    "finding_none": ("No schedule compared lowers road delay against {reference} beyond what "
                     "chance across seeds could give.",
                     "与{reference}相比，没有任何方案能在随机种子波动之外降低道路延误。"),
    "finding_one_seed": ("With one seed chance is not estimated: of the schedules compared, "
                         "{best} changes road delay most, {change} against {reference}. Run "
                         "two or more seeds for an interval.",
                         "仅一个随机种子，未估计随机波动：在比较的方案中，{best}对道路延误的"
                         "影响最大，与{reference}相比变化{change}。请用两个以上随机种子以得到"
                         "置信区间。"),
    "finding_band": ("Over the assumptions it runs from {low} to {high}.",
                     "在各项假设的范围内，该变化介于{low}至{high}之间。"),
    "row_delay_band": ("road delay, range over the assumptions",
                       "道路延误（各项假设范围内）"),
    "band": ("{low} to {high}", "{low}至{high}"),
    "robust_sentence": ("Range over the assumptions: {points} sets of {assumptions} (Latin "
                        "hypercube, seed {seed}, up to {days} days of adaptation, shifted onto "
                        "the settled result). {drivers}",
                        "假设范围：{assumptions}，共{points}组（拉丁超立方，随机种子{seed}，"
                        "最多调整{days}轮，偏移叠加于稳定结果）。{drivers}"),
    "robust_drivers": ("{schedule}: most from {drivers}.", "{schedule}：主要取决于{drivers}。"),
    "robust_no_driver": ("{schedule}: no single assumption (every |ρ| < 0.7).",
                         "{schedule}：无单一主导假设（|ρ|均小于0.7）。"),
    "driver": ("{assumption} (ρ {rho})", "{assumption}（秩相关ρ {rho}）"),
    "and": (" and ", "和"),
    "assumption_capacity": ("capacity +-15%", "通行能力±15%"),
    "assumption_compliance": ("office compliance 60-100%", "机关执行率60%-100%"),
    "assumption_arrival_margin": ("arrival margins +-25%", "提前到达余量±25%"),
    "assumption_lunch_home": ("lunch-home share +-25%", "午间回家比例±25%"),
    "assumption_car_share": ("car share +-25%", "小汽车比例±25%"),
    "over_seeds": ("95% interval over seeds", "随机种子间95%置信区间"),
    "over_assumptions": ("range over the assumptions (a tick per set)",
                         "各项假设范围（每组一条竖线）"),
    "delay_change_pct": ("change in road delay against {reference} (%)",
                         "道路延误相对{reference}的变化（%）"),
    "rank_correlation": ("rank correlation with the change (dashed: |ρ| = 0.7)",
                         "与变化的秩相关系数（虚线：|ρ| = 0.7）"),
    "title_robust": ("Road delay over seeds and over {points} sets of assumed levels "
                     "(each adapted up to {days} days)",
                     "道路延误：随机种子间与{points}组假设取值下的变化（每组最多调整{days}轮）"),
    "how_sure_robust": ("How sure: {seeds} (same people in every scenario), scale {scale}; "
                        "{adaptation}. Brackets are 95% intervals over seeds; the range "
                        "over the assumptions is given apart.",
                        "可信程度：{seeds}（各方案人群相同），规模{scale}；{adaptation}。"
                        "方括号内为各随机种子间的95%置信区间；各项假设带来的变化范围另列。"),
    "seed_count": ("{n} seeds", "{n}个随机种子"),
    "one_seed": ("1 seed", "1个随机种子"),
    "table_caption": ("What each schedule changes against {reference} (95% interval over "
                      "seeds in brackets):",
                      "各方案相对{reference}的变化（方括号内为各随机种子间的95%置信区间）："),
    "table_caption_one_seed": ("What each schedule changes against {reference} (one seed: "
                               "chance not estimated):",
                               "各方案相对{reference}的变化（仅一个随机种子，未估计随机波动）："),
    "section_roads": ("What the roads gain", "道路"),
    "section_people": ("Who gains and who loses", "谁受益，谁受损"),
    "section_else": ("What else changes", "其他影响"),
    "row_delay": ("road delay", "道路延误"),
    "row_peaks": ("peaks a day (change in number)", "每日高峰次数（变化）"),
    "row_co2": ("CO2", "二氧化碳排放"),
    "row_group_delay": ("delay to {group}", "{group}延误"),
    "row_late": ("offices late for work (pp)", "机关事业单位迟到比例（百分点）"),
    "row_school_runs": ("parent school runs on time (pp)", "家长接送准时比例（百分点）"),
    "row_school_streets": ("vehicle-km near schools at bell times",
                           "上下学时段学校周边道路车公里"),
    "row_evening": ("offices' evening after work (h)", "机关事业单位下班后晚间时长（小时）"),
    "how_sure": ("How sure: {seeds} (same people in every scenario), scale {scale}; "
                 "{adaptation}. Intervals are 95% over seeds; they do not cover the model's "
                 "assumptions (a stylised city, assumed shares and capacities).",
                 "可信程度：{seeds}（各方案人群相同），规模{scale}；{adaptation}。"
                 "区间为各随机种子间的95%置信区间，不包括模型假设（风格化城市、假定的比例和"
                 "通行能力）带来的不确定性。"),
    "fixed_departures": ("departures fixed as planned (no adaptation; run without "
                         "--fixed-departures for the adapted answer)",
                         "出发时间按计划固定（未做调整；去掉 --fixed-departures "
                         "可得调整后的结果）"),
    "adapted": ("departures adapted: {days} days of departure-time and route adaptation "
                "after the planned day (runs stopped by: {stops}); largest relative gap "
                "left {gap}",
                "出发时间已调整：在计划日之后进行{days}轮出发时间与路径调整（各次运行停止原因："
                "{stops}）；剩余最大相对间隙{gap}"),
    "stop_gap": ("gap reached", "达到间隙目标"),
    "stop_settled": ("cost and delay settled", "成本与延误趋于稳定"),
    "stop_day_cap": ("day cap", "达到轮数上限"),
    "tag_fixed": ("departures fixed as planned", "出发时间按计划固定"),
    "tag_adapted": ("departures adapted", "出发时间已调整"),
    "tag_adapted_some": ("departures adapted in {adapted} of {runs} runs",
                         "{runs}次运行中{adapted}次出发时间已调整"),
    "adaptation": ("adaptation", "出行调整"),
    "days": ("days after the planned one", "调整轮数"),
    "departure_gap": ("of it, by departure alone", "其中仅改变出发时间的部分"),
    "caption_robustness.png": ("Road delay's change over seeds and over the assumed levels, "
                               "and which assumptions move it.",
                               "道路延误在随机种子间与各项假设取值下的变化，及其主要影响假设。"),
    "caption_road_load.png": ("Vehicles on the road through the day: each schedule's peaks.",
                              "全天在路车辆：各方案的高峰。"),
    "caption_bridge_flows.png": ("Flow onto each bridge against its capacity (dashed).",
                                 "各桥梁上桥流量与通行能力（虚线）。"),
    "bridge_flows_note": ("Dashed: the bridge's capacity. The model lets no more onto a bridge "
                          "than its capacity (a 15-minute mean can touch the line); more "
                          "demand waits before the bridge as a queue.",
                          "虚线：桥梁通行能力。模型中上桥流量不超过通行能力（15分钟平均值可能"
                          "触及虚线）；超出的需求在桥前排队等候。"),
    "corridor_note": ("White: no vehicle entered that stretch in that {minutes}-minute "
                      "interval, so it has no speed.",
                      "白色：该路段在该{minutes}分钟内无车驶入，无车速。"),
    "caption_delay_saved.png": ("Delay each schedule saves against the reference, by group.",
                                "各方案相对参照方案为各群体节省的延误。"),
    "caption_school_runs.png": ("Parents who can do the school run on time, and children's "
                                "wait in after-school care.",
                                "能准时接送孩子的家长比例，以及儿童课后托管等待时间。"),
    "caption_commute_office.png": ("How long offices' morning commute takes.",
                                   "机关事业单位早通勤时间分布。"),
    "caption_impacts.png": ("Fuel, CO2, and traffic in congestion and near schools.",
                            "油耗、二氧化碳排放，以及拥堵路段与学校周边的交通量。"),
    "caption_equilibrium_gap.png": ("How close each run's adaptation came to equilibrium.",
                                    "各次运行的出行调整接近均衡的程度。"),
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
    "title_corridor": ("Speed along the busiest corridor (over {bridge})",
                       "最繁忙走廊沿线车速（经{bridge}）"),
    "corridor_km": ("distance along the corridor (km)", "沿走廊距离 (公里)"),
    "speed_kmh": ("speed (km/h)", "车速 (公里/小时)"),
    "title_lateness": ("How late {group} arrive", "{group}迟到时长分布"),
    "minutes_late": ("minutes late", "迟到分钟数"),
    "share_later_than": ("share of trips arriving later than this", "迟到超过该时长的出行比例"),
    "caption_corridor_speed.png": ("Where and when the busiest corridor slows down (red: "
                                   "slow; white: no vehicle entered).",
                                   "最繁忙走廊在何处、何时变慢（红色表示慢，白色表示无车驶入）。"),
    "caption_lateness_office.png": ("How late offices arrive, trip by trip.",
                                    "机关事业单位各次出行的迟到时长。"),
    "speed_ratio": ("speed against free flow (1: free flow)", "车速与自由流车速之比 (1为畅通)"),
    "speed_ratio_change": ("change in speed against free flow", "车速与自由流车速之比的变化"),
    "title_peak_map": ("Where the roads slow down in each schedule's busiest morning hour",
                       "各方案早高峰最繁忙一小时的道路拥堵分布"),
    "title_change_map": ("Busiest morning hour: each proposal against {reference}",
                         "早高峰最繁忙一小时：各方案与{reference}对比"),
    "map_change_panel": ("{name} ({period})\nminus {reference} ({reference_period})",
                         "{name}（{period}）\n减{reference}（{reference_period}）"),
    "title_animation": ("Speed on the roads, {period}", "道路车速，{period}"),
    "map_note": ("Each direction is drawn on its right-hand side; width: lanes. Grey: no "
                 "vehicle entered the link then, so it has no speed.",
                 "每个方向画在其行驶方向右侧；线宽表示车道数。灰色：该时段无车驶入，无车速。"),
    "map_change_note": ("Blue: faster than under the reference; red: slower. Each schedule at "
                        "its own busiest morning hour. Grey: no vehicle entered in one of the "
                        "two.",
                        "蓝色：比参照方案快；红色：比参照方案慢。各方案取各自早高峰最繁忙"
                        "一小时。灰色：两者之一该时段无车驶入。"),
    "caption_peak_speed.png": ("Where the roads slow down at each schedule's morning peak.",
                               "各方案早高峰时道路在何处变慢。"),
    "caption_speed_change.png": ("Where each proposal makes the morning peak faster (blue) "
                                 "or slower (red) than the reference.",
                                 "各方案使早高峰在何处比参照方案更快（蓝）或更慢（红）。"),
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


def kpi_label(key: str, language: str, link_names: dict[str, str] | None = None) -> str:
    """The text of a flat KPI key: "delay_pcu_h", "groups.office.lateness_share",
    "evening_h.office", "school_runs.care_mean_min", "bridges.<link id>.busiest_hour_pcu"
    (the bridge by its name in `link_names`, link id -> name, else "bridge <link id>")."""
    parts = key.split(".")
    if parts[0] == "groups":
        return f"{label(parts[1], language)}: {label(parts[2], language)}"
    if parts[0] == "evening_h":
        return f"{label(parts[1], language)}: {label('evening_h', language)}"
    if parts[0] == "school_runs":
        return label(parts[1], language)
    if parts[0] in ("mode_shares_of_trips", "adaptation"):
        return f"{label(parts[0], language)}: {label(parts[1], language)}"
    if parts[0] == "daily_peaks":
        return label("daily_peaks.count", language)
    if parts[0] == "bridges":
        bridge = (link_names or {}).get(parts[1], f"{label('bridge', language)} {parts[1]}")
        return f"{bridge}: {label(parts[2], language)}"
    return label(key, language)


def all_keys() -> list[str]:
    """Every key of the table (for tests)."""
    return list(_LABELS)
