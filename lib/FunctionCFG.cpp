//===--- FunctionCFG.cpp - a function's CFG, indexed by statement ---------===//

#include "lib/FunctionCFG.h"

#include "clang/AST/Decl.h"

using namespace clang;

namespace gfpscope {

std::unique_ptr<FunctionCFG> FunctionCFG::build(const FunctionDecl *Function,
                                                ASTContext &Ctx) {
  if (!Function || !Function->hasBody() || Function->isDependentContext())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(Function, Function->getBody(), &Ctx, Options);
  if (!Cfg)
    return nullptr;
  return std::unique_ptr<FunctionCFG>(new FunctionCFG(std::move(Cfg)));
}

FunctionCFG::FunctionCFG(std::unique_ptr<CFG> Built) : Cfg(std::move(Built)) {
  for (const CFGBlock *Block : *Cfg) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (auto S = Element.getAs<CFGStmt>())
        Locations.try_emplace(S->getStmt(), Location{Block, Index});
      ++Index;
    }
  }
}

std::optional<FunctionCFG::Location> FunctionCFG::locate(const Stmt *S) const {
  auto It = Locations.find(S);
  if (It == Locations.end())
    return std::nullopt;
  return It->second;
}

} // namespace gfpscope
