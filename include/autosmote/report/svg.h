// Standalone SVG figures for a benchmark report: a grouped bar chart (mean ± sd per dataset and
// method) and Demšar's (2006, Fig. 1) average-rank diagram with the critical difference. Plain
// strings, no external library; sans-serif text and a 10-colour palette (Tableau 10). Bad input
// throws InputError.
#pragma once

#include <string>
#include <vector>

namespace autosmote {

struct BarSeries {
  std::string name;
  std::vector<double> mean, sd;  // one value per category; sd may be empty (no error bars)
};

// Grouped bar chart: categories on the x axis (e.g. datasets), one bar per series (e.g. method)
// with an error bar mean ± sd, a y axis from y_min to y_max with ticks and grid lines, a legend,
// a title and a y label. A NaN (or infinite) mean means "no value" (no bar); a non-finite sd
// draws no error bar. Bars and error bars are clipped to [y_min, y_max]; bars start at 0 when 0
// lies in the range, at y_min otherwise. Category labels that do not fit their group are rotated
// by -30 degrees. Each bar is a <rect class="bar"> with a <title> tooltip. Returns a complete SVG
// document (XML declaration, xmlns, width, height, viewBox). InputError: no category or series,
// a mean/sd length other than the number of categories, or not y_min < y_max (both finite).
std::string grouped_bar_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                                  const std::vector<BarSeries>& series, const std::string& y_label, double y_min,
                                  double y_max);

// Average-rank (critical difference) diagram as in Demšar 2006, Fig. 1: an axis from 1 to k (best
// on the left), each method a tick joined to its name and average rank (the better half labelled
// on the left, the rest on the right), a bar of length `cd` above the axis labelled "CD = x.xx",
// and the methods whose average ranks differ by less than cd joined by thick lines (maximal groups
// only; each a <line class="clique">). cd <= 0 or NaN: no CD bar and no cliques. InputError: no
// method, names and ranks of different lengths, or a non-finite rank.
std::string rank_diagram_svg(const std::string& title, const std::vector<std::string>& methods,
                             const std::vector<double>& average_ranks, double cd);

// Escapes & < > " ' for XML text and attribute values.
std::string xml_escape(const std::string& s);

}  // namespace autosmote
