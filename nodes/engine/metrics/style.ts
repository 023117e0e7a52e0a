/**
 * The page's one stylesheet, inline: system fonts only (nothing to fetch), text at 4.5:1 contrast or more,
 * cards that stack on narrow screens and print one section per block without shadows.
 */
export const CSS = `
:root { --ink:#1c2733; --muted:#5b6875; --line:#e4e8ee; --bg:#f4f6f9; --card:#fff; --ok:#17663d; --ok-bg:#e7f6ee;
  --watch:#8a4b00; --watch-bg:#fff3df; --bad:#b42318; --good:#17663d; --nodata:#5b6875; --nodata-bg:#eef1f5; }
* { box-sizing: border-box; }
.sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
html { -webkit-text-size-adjust: 100%; }
body { margin:0; background:var(--bg); color:var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
header.top { display:flex; flex-wrap:wrap; justify-content:space-between; align-items:flex-end; gap:12px 24px; margin-bottom:22px; }
.eyebrow { margin:0; color:var(--muted); font-size:13px; letter-spacing:.04em; text-transform:uppercase; font-weight:600; }
h1 { margin:4px 0 2px; font-size:30px; line-height:1.2; letter-spacing:-.01em; }
.meta { margin:0; color:var(--muted); font-size:14px; }
nav.jump { display:flex; flex-wrap:wrap; gap:6px; }
nav.jump a { color:var(--ink); text-decoration:none; font-size:13px; padding:5px 10px; border:1px solid var(--line); border-radius:999px; background:var(--card); }
nav.jump a:hover, nav.jump a:focus { border-color:#9aa8b8; }
.questions { display:grid; grid-template-columns: repeat(3, minmax(0,1fr)); gap:16px; margin-bottom:16px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:14px; padding:18px 20px; box-shadow:0 1px 2px rgba(16,24,40,.04); }
.q { display:flex; flex-direction:column; }
.q h2 { margin:8px 0 0; font-size:16px; font-weight:700; line-height:1.3; }
.pill { align-self:flex-start; font-size:11.5px; font-weight:700; padding:2px 9px; border-radius:999px; white-space:nowrap; text-transform:uppercase; letter-spacing:.04em; }
.pill.ok { color:var(--ok); background:var(--ok-bg); } .pill.watch { color:var(--watch); background:var(--watch-bg); }
.pill.nodata { color:var(--nodata); background:var(--nodata-bg); }
.big { font-size:46px; font-weight:750; letter-spacing:-.02em; line-height:1.05; margin:12px 0 2px; font-variant-numeric: tabular-nums; }
.big .none, .stat .v .none { color:var(--muted); font-size:.62em; font-weight:650; letter-spacing:0; }
.big small { font-size:17px; font-weight:600; color:var(--muted); letter-spacing:0; margin-left:4px; }
.caption { color:var(--muted); font-size:14px; margin:0; } .caption.small { font-size:12px; }
.delta { font-size:14px; font-weight:650; margin:6px 0 0; }
.delta.good { color:var(--good); } .delta.bad { color:var(--bad); } .delta.flat { color:var(--muted); }
.minis { display:flex; flex-wrap:wrap; gap:6px 18px; margin:12px 0 0; padding:10px 0 0; border-top:1px solid var(--line); font-size:13px; color:var(--muted); }
.minis b { color:var(--ink); font-size:15px; font-variant-numeric: tabular-nums; }
.q ul.qflags { margin:10px 0 0; padding:0; list-style:none; font-size:13px; color:var(--watch); }
.q ul.qflags li { margin-top:4px; padding-left:14px; position:relative; }
.q ul.qflags li::before { content:""; position:absolute; left:0; top:.55em; width:7px; height:7px; border-radius:50%; background:#d97706; }
.spark { margin-top:10px; } .spark svg { width:100%; height:auto; display:block; }
.alerts { margin-bottom:16px; border-left:4px solid #d97706; }
.alerts.clear { border-left-color:#1f9d6b; }
.alerts h2 { margin:0 0 6px; font-size:16px; }
.alerts ul { margin:0; padding-left:20px; } .alerts li { margin:3px 0; }
.tag { display:inline-block; font-size:11px; font-weight:700; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); background:var(--nodata-bg); border-radius:4px; padding:0 6px; margin-right:6px; vertical-align:1px; }
section.metric { margin-top:16px; }
section.metric h2 { margin:0; font-size:19px; }
section.metric h2 .no { display:inline-block; min-width:26px; height:26px; line-height:26px; text-align:center; border-radius:8px; background:var(--ink); color:#fff; font-size:14px; margin-right:8px; vertical-align:2px; }
.lede { margin:2px 0 14px; color:var(--muted); font-size:14px; }
.stats { display:grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap:12px 24px; margin:0 0 14px; }
.stat .v { font-size:26px; font-weight:720; font-variant-numeric: tabular-nums; line-height:1.15; }
.stat .l { font-size:13px; color:var(--muted); }
.stat .d { font-size:12.5px; font-weight:650; } .stat .d.good { color:var(--good); } .stat .d.bad { color:var(--bad); } .stat .d.flat { color:var(--muted); }
.pair { display:grid; grid-template-columns: repeat(2, minmax(0,1fr)); gap:16px; }
.pair section.metric { margin-top:16px; }
.pair-inner { display:grid; grid-template-columns: 3fr 2fr; gap:8px 28px; align-items:center; }
svg.chart { width:100%; height:auto; display:block; margin:4px 0 8px; }
.chart-wrap { overflow-x:auto; } svg.chart.wide { min-width:640px; } svg.chart:not(.wide) { max-width:560px; } /* wide charts scroll on phones rather than shrink their text */
svg.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.legend { display:flex; flex-wrap:wrap; gap:4px 16px; font-size:13px; color:var(--muted); margin:0 0 4px; }
.legend i { display:inline-block; width:11px; height:11px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
.table-wrap { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:13.5px; font-variant-numeric: tabular-nums; }
caption { text-align:left; font-size:12px; color:var(--muted); padding-bottom:4px; }
th, td { padding:6px 10px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
thead th { font-size:12.5px; color:var(--muted); font-weight:650; white-space:normal; vertical-align:bottom; }
th.num, td.num { text-align:right; } td.num { white-space:nowrap; }
tbody th { font-weight:600; white-space:nowrap; }
tr.aborted td, tr.aborted th { color:var(--bad); }
details { margin-top:8px; } summary { cursor:pointer; color:var(--muted); font-size:13.5px; }
.empty { color:var(--muted); font-style:italic; margin:8px 0; }
.policy-doc h2 { font-size:19px; margin:0 0 8px; } .policy-doc h3 { font-size:16px; margin:18px 0 6px; }
.policy-doc code { font-size:12.5px; background:#f1f4f8; padding:1px 5px; border-radius:4px; }
.policy-doc table.policy td, .policy-doc table.policy th { font-size:13px; }
.policy-doc table.policy td:nth-child(5) { min-width:15em; } /* the rule column carries the sentences */
.warnings { margin-top:16px; font-size:13.5px; } .warnings h2 { font-size:15px; margin:0 0 6px; }
footer { margin-top:22px; color:var(--muted); font-size:12.5px; }
@media (max-width: 900px) { .questions, .pair, .pair-inner { grid-template-columns: 1fr; } .big { font-size:38px; } }
@media print {
  @page { size: A4; margin: 12mm; }
  body { background:#fff; font-size:11px; } .page { max-width:none; padding:0; }
  nav.jump { display:none; } .card { box-shadow:none; padding:12px 14px; }
  .q, svg.chart, table, .stats, tr { break-inside:avoid; } section.metric { break-inside:auto; }
  .questions { grid-template-columns: repeat(3, 1fr); } .big { font-size:34px; }
  .pair { grid-template-columns: 1fr 1fr; } .pair-inner { grid-template-columns: 3fr 2fr; }
  .chart-wrap, .table-wrap { overflow:visible; } svg.chart.wide { min-width:0; }
}
`;
