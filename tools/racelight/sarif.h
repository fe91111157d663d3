// SARIF 2.1.0 output, shaped for GitHub code scanning (upload-sarif).
//
// One run; tool.driver names Racelight and has one rule per report kind; each shown report is
// a result whose primary location is the top user frame of its first event that has a line,
// whose relatedLocations are the other events' top frames, whose codeFlows hold one
// threadFlow per event stack (outermost frame first), and whose
// partialFingerprints["racelight/v1"] is the report fingerprint. Frames without a line are
// never used as locations. Paths under the source root are relative with uriBaseId
// "%SRCROOT%". Suppressed reports are left out; their number is in run.properties.
#pragma once

#include <nlohmann/json.hpp>

#include "render.h"

namespace racelight {

nlohmann::json sarif_log(const ReportSet& set, const RenderOptions& options);

// RFC 3986 percent-encoding of a path (keeps unreserved characters and '/').
std::string uri_encode_path(const std::string& path);

}  // namespace racelight
