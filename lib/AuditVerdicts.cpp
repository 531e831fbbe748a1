//===--- AuditVerdicts.cpp - the audit's merged answer, read back ---------===//

#include "lib/AuditVerdicts.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

namespace json = llvm::json;

namespace gfpscope {

namespace {

constexpr llvm::StringLiteral VerdictsFormat = "gfpscope-audit-verdicts";

std::optional<GfpRestriction> parseLevel(llvm::StringRef Name) {
  if (Name == "nofs")
    return GfpRestriction::NoFS;
  if (Name == "noio")
    return GfpRestriction::NoIO;
  return std::nullopt;
}

} // namespace

std::string AuditVerdicts::load(llvm::StringRef Path) {
  Functions.clear();
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return "cannot read '" + Path.str() + "': " + Buffer.getError().message();
  llvm::Expected<json::Value> Value = json::parse((*Buffer)->getBuffer());
  if (!Value)
    return "'" + Path.str() + "' is not JSON: " + toString(Value.takeError());
  const json::Object *Root = Value->getAsObject();
  if (!Root || Root->getString("format") != VerdictsFormat ||
      Root->getInteger("version") != 1)
    return "'" + Path.str() + "' is not a " + VerdictsFormat.str() +
           " version 1 file";
  const json::Object *List = Root->getObject("functions");
  if (!List)
    return "'" + Path.str() + "' has no \"functions\" object";
  for (const auto &[Id, V] : *List) {
    const json::Object *E = V.getAsObject();
    std::optional<llvm::StringRef> Level =
        E ? E->getString("level") : std::nullopt;
    std::optional<GfpRestriction> R = Level ? parseLevel(*Level) : std::nullopt;
    if (!R)
      return "'" + Path.str() + "': function '" + Id.str() +
             "' has no level \"nofs\" or \"noio\"";
    Functions[Id.str()] = {*R, E->getString("via").value_or("").str()};
  }
  return "";
}

const AuditVerdicts::Entry *AuditVerdicts::lookup(llvm::StringRef Id) const {
  auto It = Functions.find(Id);
  return It == Functions.end() ? nullptr : &It->second;
}

} // namespace gfpscope
