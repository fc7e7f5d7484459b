#include "autosmote/report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "autosmote/core/error.h"

namespace autosmote {

namespace {

// Tableau 10: distinct hues that stay apart in print and for the common colour deficiencies.
const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
constexpr double kFont = 12.0;       // labels, ticks, legend
constexpr double kTitleFont = 15.0;  // title
constexpr double kCos30 = 0.8660254037844386;

const char* colour(size_t i) { return kPalette[i % (sizeof(kPalette) / sizeof(kPalette[0]))]; }

std::string fmt(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  std::string s = buf;
  // "-0.00" -> "0.00"
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// Coordinates: one decimal is plenty for a screen and keeps the file small.
std::string px(double v) { return fmt(v, 1); }

// Rough width of a text in sans-serif: 0.6 em per character (UTF-8 continuation bytes skipped).
double text_width(const std::string& s, double font = kFont) {
  size_t chars = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++chars;
  return static_cast<double>(chars) * font * 0.6;
}

std::string header(double width, double height) {
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << px(width) << "\" height=\"" << px(height)
    << "\" viewBox=\"0 0 " << px(width) << ' ' << px(height)
    << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"" << px(kFont) << "\">\n"
    << "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" << px(width) << "\" height=\"" << px(height)
    << "\" fill=\"#ffffff\"/>\n";
  return o.str();
}

std::string text(double x, double y, const std::string& s, const char* anchor, const std::string& extra = "") {
  std::ostringstream o;
  o << "<text x=\"" << px(x) << "\" y=\"" << px(y) << "\" text-anchor=\"" << anchor << '"';
  if (!extra.empty()) o << ' ' << extra;
  o << '>' << xml_escape(s) << "</text>\n";
  return o.str();
}

std::string line(double x1, double y1, double x2, double y2, const std::string& style) {
  std::ostringstream o;
  o << "<line x1=\"" << px(x1) << "\" y1=\"" << px(y1) << "\" x2=\"" << px(x2) << "\" y2=\"" << px(y2) << "\" " << style
    << "/>\n";
  return o.str();
}

// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) giving about `target` intervals.
double nice_step(double range, int target) {
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double m = norm < 1.5 ? 1.0 : norm < 2.25 ? 2.0 : norm < 3.5 ? 2.5 : norm < 7.5 ? 5.0 : 10.0;
  return m * mag;
}

int tick_decimals(double step) {
  int dec = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  if (std::fabs(mantissa - 2.5) < 1e-6) ++dec;
  if (step < 1.0) dec = std::max(dec, 2);
  return std::min(dec, 6);
}

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string grouped_bar_chart_svg(const std::string& title, const std::vector<std::string>& categories,
                                  const std::vector<BarSeries>& series, const std::string& y_label, double y_min,
                                  double y_max) {
  if (categories.empty()) throw InputError("bar chart: no categories");
  if (series.empty()) throw InputError("bar chart: no series");
  if (!std::isfinite(y_min) || !std::isfinite(y_max) || !(y_min < y_max))
    throw InputError("bar chart: need finite y_min < y_max, got " + std::to_string(y_min) + " and " +
                     std::to_string(y_max));
  for (const BarSeries& s : series) {
    if (s.mean.size() != categories.size())
      throw InputError("bar chart: series '" + s.name + "' has " + std::to_string(s.mean.size()) + " means for " +
                       std::to_string(categories.size()) + " categories");
    if (!s.sd.empty() && s.sd.size() != categories.size())
      throw InputError("bar chart: series '" + s.name + "' has " + std::to_string(s.sd.size()) + " sds for " +
                       std::to_string(categories.size()) + " categories");
  }
  const size_t C = categories.size(), S = series.size();

  // Horizontal layout: groups of bars, one group per category.
  const double bar_w = S <= 3 ? 18.0 : S <= 6 ? 14.0 : 10.0;
  const double gap = std::max(12.0, bar_w * 1.2);
  double group_w = static_cast<double>(S) * bar_w + gap;
  const double plot_w = std::max(360.0, static_cast<double>(C) * group_w);
  group_w = plot_w / static_cast<double>(C);
  double max_label_w = 0;
  for (const std::string& c : categories) max_label_w = std::max(max_label_w, text_width(c));
  const bool rotate = max_label_w > group_w - 6.0;

  // Y ticks.
  const double step = nice_step(y_max - y_min, 5);
  const int dec = tick_decimals(step);
  std::vector<double> ticks;
  const double first = std::ceil(y_min / step - 1e-9) * step;
  for (int i = 0; i < 100; ++i) {
    const double v = first + i * step;
    if (v > y_max + 1e-9 * step) break;
    ticks.push_back(std::fabs(v) < 1e-12 * step ? 0.0 : v);
  }
  double tick_w = 0;
  for (double t : ticks) tick_w = std::max(tick_w, text_width(fmt(t, dec)));

  // Margins.
  double left = tick_w + 12.0 + (y_label.empty() ? 10.0 : 28.0);
  if (rotate)  // the first labels reach left of the plot when rotated
    for (size_t c = 0; c < C; ++c)
      left = std::max(left, text_width(categories[c]) * kCos30 - (static_cast<double>(c) + 0.5) * group_w + 10.0);
  const double top = title.empty() ? 16.0 : 44.0;
  const double plot_h = std::max(300.0, static_cast<double>(S) * 18.0 + 10.0);
  const double bottom = rotate ? max_label_w * 0.5 + 36.0 : 34.0;
  double legend_w = 0;
  for (const BarSeries& s : series) legend_w = std::max(legend_w, text_width(s.name));
  legend_w += 40.0;
  const double width = std::max(left + plot_w + 20.0 + legend_w, text_width(title, kTitleFont) + 20.0);
  const double height = top + plot_h + bottom;

  auto Y = [&](double v) { return top + plot_h * (1.0 - (v - y_min) / (y_max - y_min)); };
  auto clip = [&](double v) { return std::clamp(v, y_min, y_max); };

  std::ostringstream o;
  o << header(width, height);
  if (!title.empty())
    o << text(width / 2.0, 26.0, title, "middle", "font-size=\"" + px(kTitleFont) + "\" font-weight=\"bold\"");

  // Grid and y ticks.
  o << "<g class=\"y-axis\">\n";
  for (double t : ticks) {
    o << line(left, Y(t), left + plot_w, Y(t), "stroke=\"#e0e0e0\" stroke-width=\"1\"");
    o << line(left - 4.0, Y(t), left, Y(t), "stroke=\"#333333\" stroke-width=\"1\"");
    o << text(left - 7.0, Y(t) + 4.0, fmt(t, dec), "end");
  }
  o << "</g>\n";
  if (!y_label.empty()) {
    const double yx = 16.0, yy = top + plot_h / 2.0;
    o << text(yx, yy, y_label, "middle", "transform=\"rotate(-90 " + px(yx) + ' ' + px(yy) + ")\"");
  }

  // Bars with error bars.
  const double base = std::clamp(0.0, y_min, y_max);
  o << "<g class=\"bars\">\n";
  for (size_t c = 0; c < C; ++c) {
    const double gx = left + static_cast<double>(c) * group_w + (group_w - static_cast<double>(S) * bar_w) / 2.0;
    for (size_t s = 0; s < S; ++s) {
      const double m = series[s].mean[c];
      if (!std::isfinite(m)) continue;
      const double x = gx + static_cast<double>(s) * bar_w;
      const double y0 = Y(base), y1 = Y(clip(m));
      const bool has_sd = !series[s].sd.empty() && std::isfinite(series[s].sd[c]);
      std::string tip = series[s].name + " | " + categories[c] + ": " + fmt(m, 3);
      if (has_sd) tip += " \xC2\xB1 " + fmt(series[s].sd[c], 3);
      o << "<rect class=\"bar\" x=\"" << px(x + 1.0) << "\" y=\"" << px(std::min(y0, y1)) << "\" width=\""
        << px(bar_w - 2.0) << "\" height=\"" << px(std::fabs(y1 - y0)) << "\" fill=\"" << colour(s) << "\"><title>"
        << xml_escape(tip) << "</title></rect>\n";
      if (has_sd && series[s].sd[c] > 0) {
        const double sd = series[s].sd[c], cx = x + bar_w / 2.0, cap = bar_w * 0.25;
        const double lo = Y(clip(m - sd)), hi = Y(clip(m + sd));
        const std::string st = "stroke=\"#333333\" stroke-width=\"1.2\"";
        o << line(cx, lo, cx, hi, st);
        if (m - sd >= y_min) o << line(cx - cap, lo, cx + cap, lo, st);
        if (m + sd <= y_max) o << line(cx - cap, hi, cx + cap, hi, st);
      }
    }
  }
  o << "</g>\n";

  // Axes (drawn over the bars) and category labels.
  o << line(left, top, left, top + plot_h, "stroke=\"#333333\" stroke-width=\"1\"");
  o << line(left, top + plot_h, left + plot_w, top + plot_h, "stroke=\"#333333\" stroke-width=\"1\"");
  if (base > y_min) o << line(left, Y(base), left + plot_w, Y(base), "stroke=\"#333333\" stroke-width=\"1\"");
  o << "<g class=\"x-axis\">\n";
  for (size_t c = 0; c < C; ++c) {
    const double cx = left + (static_cast<double>(c) + 0.5) * group_w, ly = top + plot_h + 16.0;
    if (rotate)
      o << text(cx, ly, categories[c], "end", "transform=\"rotate(-30 " + px(cx) + ' ' + px(ly) + ")\"");
    else
      o << text(cx, ly, categories[c], "middle");
  }
  o << "</g>\n";

  // Legend.
  o << "<g class=\"legend\">\n";
  const double lx = left + plot_w + 20.0;
  for (size_t s = 0; s < S; ++s) {
    const double ly = top + 6.0 + static_cast<double>(s) * 18.0;
    o << "<rect class=\"legend-swatch\" x=\"" << px(lx) << "\" y=\"" << px(ly)
      << "\" width=\"12\" height=\"12\" fill=\"" << colour(s) << "\"/>\n";
    o << text(lx + 18.0, ly + 10.5, series[s].name, "start");
  }
  o << "</g>\n</svg>\n";
  return o.str();
}

std::string rank_diagram_svg(const std::string& title, const std::vector<std::string>& methods,
                             const std::vector<double>& average_ranks, double cd) {
  if (methods.empty()) throw InputError("rank diagram: no methods");
  if (methods.size() != average_ranks.size())
    throw InputError("rank diagram: " + std::to_string(methods.size()) + " methods but " +
                     std::to_string(average_ranks.size()) + " ranks");
  for (size_t i = 0; i < average_ranks.size(); ++i)
    if (!std::isfinite(average_ranks[i])) throw InputError("rank diagram: non-finite rank for '" + methods[i] + "'");
  const size_t k = methods.size();
  const bool has_cd = std::isfinite(cd) && cd > 0;

  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return average_ranks[a] < average_ranks[b]; });
  const double r_min = average_ranks[order.front()], r_max = average_ranks[order.back()];
  const double lo = std::min(1.0, std::floor(r_min));
  const double hi = std::max({static_cast<double>(k), 2.0, std::ceil(r_max)});

  // The better half is labelled on the left (best on the top row), the rest on the right (worst on
  // the top row), so that no label line crosses another.
  const size_t n_left = (k + 1) / 2;
  std::vector<size_t> left_side(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_left));
  std::vector<size_t> right_side(order.rbegin(), order.rbegin() + static_cast<std::ptrdiff_t>(k - n_left));
  auto label = [&](size_t i) { return methods[i] + " (" + fmt(average_ranks[i], 2) + ")"; };
  double left_w = 0, right_w = 0;
  for (size_t i : left_side) left_w = std::max(left_w, text_width(label(i)));
  for (size_t i : right_side) right_w = std::max(right_w, text_width(label(i)));

  // Maximal groups of methods (in rank order) whose ranks differ by less than cd.
  std::vector<std::pair<size_t, size_t>> cliques;
  if (has_cd) {
    size_t last = 0;
    bool any = false;
    for (size_t i = 0; i < k; ++i) {
      size_t j = i;
      while (j + 1 < k && average_ranks[order[j + 1]] - average_ranks[order[i]] < cd) ++j;
      if (j > i && (!any || j > last)) {
        cliques.emplace_back(i, j);
        last = j;
        any = true;
      }
    }
  }

  const double left = std::max(40.0, left_w + 34.0);
  const double axis_w = std::max(320.0, 70.0 * (hi - lo));
  auto X = [&](double r) { return left + axis_w * (r - lo) / (hi - lo); };
  double right_edge = left + axis_w + std::max(40.0, right_w + 34.0);
  if (has_cd) right_edge = std::max(right_edge, X(lo + cd) + 20.0);
  const double width = std::max(right_edge, text_width(title, kTitleFont) + 20.0);
  const double title_h = title.empty() ? 0.0 : 30.0;
  const double cd_y = title_h + 34.0;
  const double axis_y = has_cd ? cd_y + 36.0 : title_h + 34.0;
  const double clique_y0 = axis_y + 12.0, clique_dy = 8.0;
  const double row0 = clique_y0 + static_cast<double>(cliques.size()) * clique_dy + 12.0, row_dy = 20.0;
  const double height = row0 + static_cast<double>(std::max(left_side.size(), right_side.size())) * row_dy + 6.0;

  std::ostringstream o;
  o << header(width, height);
  if (!title.empty())
    o << text(width / 2.0, 24.0, title, "middle", "font-size=\"" + px(kTitleFont) + "\" font-weight=\"bold\"");

  const std::string axis_style = "stroke=\"#333333\" stroke-width=\"1.2\"";
  if (has_cd) {
    o << "<g class=\"cd\">\n";
    const double x1 = X(lo), x2 = X(lo + cd);
    o << line(x1, cd_y, x2, cd_y, "stroke=\"#333333\" stroke-width=\"2\"");
    o << line(x1, cd_y - 5.0, x1, cd_y + 5.0, axis_style);
    o << line(x2, cd_y - 5.0, x2, cd_y + 5.0, axis_style);
    o << text((x1 + x2) / 2.0, cd_y - 8.0, "CD = " + fmt(cd, 2), "middle");
    o << "</g>\n";
  }

  // Axis from lo to hi, 1 (best) on the left; ticks at integers and halves.
  o << "<g class=\"axis\">\n" << line(X(lo), axis_y, X(hi), axis_y, axis_style);
  for (int t = 0; lo + 0.5 * t <= hi + 1e-9; ++t) {
    const double r = lo + 0.5 * t;
    const bool major = t % 2 == 0;
    o << line(X(r), axis_y, X(r), axis_y - (major ? 7.0 : 4.0), axis_style);
    if (major) o << text(X(r), axis_y - 11.0, fmt(r, 0), "middle");
  }
  o << "</g>\n";

  // Methods: a line from the rank down to the label row, then out to the label.
  o << "<g class=\"methods\">\n";
  const std::string method_style = "stroke=\"#333333\" stroke-width=\"1\" fill=\"none\"";
  for (size_t row = 0; row < left_side.size(); ++row) {
    const size_t i = left_side[row];
    const double x = X(average_ranks[i]), y = row0 + static_cast<double>(row) * row_dy, end = left - 24.0;
    o << "<polyline points=\"" << px(x) << ',' << px(axis_y) << ' ' << px(x) << ',' << px(y) << ' ' << px(end) << ','
      << px(y) << "\" " << method_style << "/>\n";
    o << text(end - 4.0, y + 4.0, label(i), "end");
  }
  for (size_t row = 0; row < right_side.size(); ++row) {
    const size_t i = right_side[row];
    const double x = X(average_ranks[i]), y = row0 + static_cast<double>(row) * row_dy, end = X(hi) + 24.0;
    o << "<polyline points=\"" << px(x) << ',' << px(axis_y) << ' ' << px(x) << ',' << px(y) << ' ' << px(end) << ','
      << px(y) << "\" " << method_style << "/>\n";
    o << text(end + 4.0, y + 4.0, label(i), "start");
  }
  o << "</g>\n";

  // Cliques: thick lines under the axis, one row each.
  if (!cliques.empty()) {
    o << "<g class=\"cliques\">\n";
    for (size_t c = 0; c < cliques.size(); ++c) {
      const double y = clique_y0 + static_cast<double>(c) * clique_dy;
      o << "<line class=\"clique\" x1=\"" << px(X(average_ranks[order[cliques[c].first]]) - 4.0) << "\" y1=\"" << px(y)
        << "\" x2=\"" << px(X(average_ranks[order[cliques[c].second]]) + 4.0) << "\" y2=\"" << px(y)
        << "\" stroke=\"#000000\" stroke-width=\"4\" stroke-linecap=\"round\"/>\n";
    }
    o << "</g>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace autosmote
