//===--- AuditSummary.cpp - one unit's part of the kernel-wide NOFS audit -===//

#include "lib/AuditSummary.h"

#include "lib/CallIndex.h"
#include "lib/EvaluatedCode.h"
#include "lib/FunctionCFG.h"
#include "lib/ScopeProof.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
namespace json = llvm::json;

namespace gfpscope {

namespace {

constexpr llvm::StringLiteral SummaryFormat = "gfpscope-audit-summary";
constexpr int SummaryVersion = 1;

/// Where \p FD is defined (declared, without a definition in the unit).
SourceLocation definitionLoc(const FunctionDecl &FD) {
  const FunctionDecl *Def = FD.getDefinition();
  return (Def ? Def : &FD)->getLocation();
}

/// auditFunctionId()'s rule; \p DefinitionFile is asked only for a static
/// function.
std::string functionIdIn(const FunctionDecl &FD,
                         llvm::function_ref<std::string()> DefinitionFile) {
  std::string Name = FD.getIdentifier() ? FD.getName().str() : "";
  return FD.isExternallyVisible() ? Name : DefinitionFile() + "::" + Name;
}

const DeclRefExpr *functionRef(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref && isa<FunctionDecl>(Ref->getDecl()) ? Ref : nullptr;
}

bool isFunctionPointerField(const FieldDecl &F) {
  QualType T = F.getType();
  return T->isFunctionPointerType() || T->isFunctionType();
}

/// The symbols kbuild takes the address of only to export them
/// (EXPORT_SYMBOL()'s __ADDRESSABLE()/__ksymtab_*): an exported function is
/// called directly from other units, so this is no escape.
bool isExportReference(const VarDecl *Holder) {
  if (!Holder || !Holder->getIdentifier())
    return false;
  StringRef Name = Holder->getName();
  return Name.starts_with("__UNIQUE_ID___addressable_") ||
         Name.starts_with("__ksymtab_") || Name.starts_with("__kstrtab_");
}

/// Where function addresses go in the unit: a structure's field, or
/// anywhere else; and which function-pointer fields are read other than
/// to be called or assigned.
class AddressUses : public EvaluatedCodeVisitor<AddressUses> {
public:
  struct Use {
    const FunctionDecl *Function;
    std::string Field; ///< empty: escapes
    SourceLocation Loc;
  };
  std::vector<Use> Uses;
  llvm::StringSet<> LeakedFields;
  /// EXPORT_SYMBOL()ed: callable by any module.
  std::vector<const FunctionDecl *> Exported;

  bool VisitCallExpr(CallExpr *Call) {
    const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee))
      Handled.insert(Ref);
    else if (const auto *Member = dyn_cast<MemberExpr>(Callee))
      CalledFields.insert(Member);
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (isExportReference(Var) && Var->getInit())
      if (const DeclRefExpr *Ref = functionRef(Var->getInit()->IgnoreCasts())) {
        Handled.insert(Ref);
        Exported.push_back(cast<FunctionDecl>(Ref->getDecl()));
      }
    return true;
  }

  bool VisitInitListExpr(InitListExpr *ILE) {
    InitListExpr *Semantic =
        ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Semantic || !Processed.insert(Semantic).second)
      return true;
    const RecordDecl *RD = Semantic->getType()->getAsRecordDecl();
    if (!RD)
      return true;
    if (RD->isUnion()) {
      if (const FieldDecl *F = Semantic->getInitializedFieldInUnion();
          F && Semantic->getNumInits() == 1)
        storeInto(*F, Semantic->getInit(0));
      return true;
    }
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= Semantic->getNumInits())
        break;
      storeInto(*F, Semantic->getInit(I++));
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isEqualityOp() || BO->isLogicalOp()) {
      markTested(BO->getLHS());
      markTested(BO->getRHS());
    }
    if (BO->getOpcode() != BO_Assign)
      return true;
    const auto *Member = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParens());
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (!Field)
      return true;
    Assigned.insert(Member);
    storeInto(*Field, BO->getRHS());
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl());
        FD && !Handled.count(Ref))
      Uses.push_back({FD, "", Ref->getLocation()});
    return true;
  }

  // A field's value only tested (`if (f_op->write_iter)`, `!a_ops->
  // readahead`, `op == NULL`) does not leave it.
  bool VisitImplicitCastExpr(ImplicitCastExpr *Cast) {
    if (Cast->getCastKind() == CK_PointerToBoolean)
      markTested(Cast->getSubExpr());
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->getOpcode() == UO_LNot)
      markTested(UO->getSubExpr());
    return true;
  }

  // In C a condition is not converted to bool: the tests themselves.
  bool VisitIfStmt(IfStmt *S) { return markTested(S->getCond()), true; }
  bool VisitWhileStmt(WhileStmt *S) { return markTested(S->getCond()), true; }
  bool VisitDoStmt(DoStmt *S) { return markTested(S->getCond()), true; }
  bool VisitForStmt(ForStmt *S) { return markTested(S->getCond()), true; }
  bool VisitConditionalOperator(ConditionalOperator *CO) {
    markTested(CO->getCond());
    return true;
  }

  bool VisitMemberExpr(MemberExpr *Member) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (Field && isFunctionPointerField(*Field) &&
        !CalledFields.count(Member) && !Assigned.count(Member) &&
        !Tested.count(Member))
      if (std::string Name = auditFieldName(*Field); !Name.empty())
        LeakedFields.insert(Name);
    return true;
  }

private:
  void markTested(const Expr *E) {
    if (!E)
      return;
    bool Negated = false; // `!op` tests it as well as `op`
    if (const auto *Member = dyn_cast<MemberExpr>(testedOperand(E, Negated)))
      Tested.insert(Member);
  }

  void storeInto(const FieldDecl &Field, const Expr *Value) {
    if (!Value)
      return;
    const DeclRefExpr *Ref = functionRef(Value);
    std::string Name = auditFieldName(Field);
    if (!Ref || Name.empty())
      return;
    Handled.insert(Ref);
    Uses.push_back(
        {cast<FunctionDecl>(Ref->getDecl()), Name, Ref->getLocation()});
  }

  llvm::DenseSet<const DeclRefExpr *> Handled;
  llvm::DenseSet<const MemberExpr *> CalledFields;
  llvm::DenseSet<const MemberExpr *> Assigned;
  llvm::DenseSet<const MemberExpr *> Tested;
  llvm::DenseSet<const InitListExpr *> Processed;
};

/// The unit's summary, one function at a time.
class SummaryBuilder {
public:
  SummaryBuilder(ASTContext &Ctx, CallIndex &Calls, ScopeProof *Proof,
                 const AuditHooks &Hooks)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Calls(Calls), Proof(Proof),
        Hooks(Hooks) {}

  json::Value build() {
    AddressUses Addresses;
    Addresses.TraverseAST(Ctx);
    json::Array Functions;
    for (const FunctionDecl *FD : wantedFunctions(Addresses))
      Functions.push_back(function(*FD));
    json::Array Stores, Escapes;
    for (const AddressUses::Use &U : Addresses.Uses) {
      json::Object Entry = location(U.Loc);
      Entry["function"] = functionId(*U.Function);
      if (U.Field.empty()) {
        Escapes.push_back(std::move(Entry));
        continue;
      }
      Entry["field"] = U.Field;
      Stores.push_back(std::move(Entry));
    }
    std::vector<std::string> Leaked;
    for (const auto &F : Addresses.LeakedFields)
      Leaked.push_back(F.getKey().str());
    llvm::sort(Leaked);
    json::Array Exported;
    for (const FunctionDecl *FD : Addresses.Exported)
      Exported.push_back(functionId(*FD));
    return json::Object{
        {"format", SummaryFormat},
        {"version", SummaryVersion},
        {"unit", fileName(SM.getLocForStartOfFile(SM.getMainFileID()))},
        {"functions", std::move(Functions)},
        {"stores", std::move(Stores)},
        {"escapes", std::move(Escapes)},
        {"leaked_fields", json::Array(Leaked)},
        {"exported", std::move(Exported)}};
  }

private:
  /// The functions that run when the unit's code does: the main file's,
  /// those whose address the unit takes, and the functions of the unit
  /// they call, directly or not (a header's static inline helpers that only
  /// other unused helpers call are left out: they add nothing to the
  /// tree's graph), in the order of the call index.
  std::vector<const FunctionDecl *>
  wantedFunctions(const AddressUses &Addresses) {
    llvm::DenseSet<const FunctionDecl *> Wanted;
    llvm::SmallVector<const FunctionDecl *, 64> Work;
    auto Want = [&](const FunctionDecl *FD) {
      FD = FD ? FD->getDefinition() : nullptr;
      if (FD && FD->getIdentifier() && !FD->isDependentContext() &&
          Wanted.insert(FD).second)
        Work.push_back(FD);
    };
    for (const FunctionDecl *FD : Calls.definitions())
      if (SM.isInMainFile(SM.getFileLoc(FD->getLocation())))
        Want(FD);
    for (const AddressUses::Use &U : Addresses.Uses)
      Want(U.Function);
    while (!Work.empty())
      for (const CallExpr *Call : Calls.callsIn(*Work.pop_back_val()))
        Want(Call->getDirectCallee());
    std::vector<const FunctionDecl *> Ordered;
    for (const FunctionDecl *FD : Calls.definitions())
      if (Wanted.count(FD))
        Ordered.push_back(FD);
    return Ordered;
  }

  /// auditFileName(), once per file.
  const std::string &fileName(SourceLocation Loc) {
    SourceLocation File = SM.getFileLoc(Loc);
    std::string &Name = FileNames[SM.getFileID(File)];
    if (Name.empty())
      Name = auditFileName(File, SM);
    return Name;
  }

  /// auditFunctionId(), once per function, its file named once per file.
  const std::string &functionId(const FunctionDecl &FD) {
    std::string &Id = FunctionIds[FD.getCanonicalDecl()];
    if (Id.empty())
      Id = functionIdIn(FD, [&] { return fileName(definitionLoc(FD)); });
    return Id;
  }

  json::Object location(SourceLocation Loc) {
    SourceLocation File = SM.getFileLoc(Loc);
    return json::Object{{"file", fileName(File)},
                        {"line", SM.getPresumedLineNumber(File)}};
  }

  json::Object function(const FunctionDecl &FD) {
    json::Object F = location(FD.getLocation());
    F["id"] = functionId(FD);
    F["name"] = FD.getName();
    F["static"] = !FD.isExternallyVisible();
    if (Hooks.Closes && Hooks.Closes(FD))
      F["closes"] = true;
    json::Array Direct, Indirect, Sites;
    for (const CallExpr *Call : Calls.callsIn(FD)) {
      if (Call->containsErrors())
        continue;
      AuditLevel Level =
          Hooks.LevelAt ? Hooks.LevelAt(*Call, FD) : AuditLevel();
      json::Object C = callEntry(*Call, Level);
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        if (!Callee->getIdentifier() || Callee->getBuiltinID())
          continue;
        C["callee"] = functionId(*Callee);
        Direct.push_back(std::move(C));
      } else {
        C["field"] = indirectField(*Call);
        Indirect.push_back(std::move(C));
      }
      if (std::optional<AuditSite> Site =
              Hooks.ExplicitMask ? Hooks.ExplicitMask(*Call, FD) : std::nullopt)
        Sites.push_back(site(*Call, *Site, Level));
    }
    if (!Direct.empty())
      F["calls"] = std::move(Direct);
    if (!Indirect.empty())
      F["indirect"] = std::move(Indirect);
    if (!Sites.empty())
      F["sites"] = std::move(Sites);
    if (std::optional<json::Object> Contract = contract(FD))
      F["contract"] = std::move(*Contract);
    return F;
  }

  json::Object callEntry(const CallExpr &Call, const AuditLevel &Level) const {
    json::Object C{
        {"line", SM.getPresumedLineNumber(SM.getFileLoc(Call.getBeginLoc()))}};
    if (Level.Level != GfpRestriction::None) {
      C["level"] = auditLevelName(Level.Level);
      C["scope"] = Level.Scope;
    }
    return C;
  }

  json::Value indirectField(const CallExpr &Call) const {
    const auto *Member =
        dyn_cast<MemberExpr>(Call.getCallee()->IgnoreParenImpCasts());
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    std::string Name = Field ? auditFieldName(*Field) : "";
    return Name.empty() ? json::Value(nullptr) : json::Value(Name);
  }

  json::Object site(const CallExpr &Call, const AuditSite &Site,
                    const AuditLevel &Level) {
    SourceLocation At = SM.getFileLoc(Call.getBeginLoc());
    json::Object S = location(At);
    S["column"] = SM.getPresumedColumnNumber(At);
    S["allocator"] = Site.Allocator;
    S["mask"] = Site.Mask;
    S["needs"] = auditLevelName(Site.Needs);
    S["level"] = auditLevelName(Level.Level);
    return S;
  }

  /// The scopes \p FD hands to, or closes through, a field reached from its
  /// parameters: its half of a contract.
  std::optional<json::Object> contract(const FunctionDecl &FD) {
    if (!Proof || !Proof->reach().reachesScopeCall(&FD))
      return std::nullopt;
    std::optional<ScopeEffect> Effect = Proof->effectOf(FD);
    if (!Effect || Effect->empty())
      return std::nullopt;
    std::vector<ScopeEffect::Entry> Opened = Effect->Opens;
    // Handed back through an out-parameter: open when it returns 0, so on
    // some paths, in the field of what it hands back.
    if (const auto &Back = Effect->HandsBack) {
      CookieStorage Storage;
      Storage.Root = FD.getParamDecl(Back->Index);
      Storage.Fields = Back->Fields;
      Opened.push_back({Back->Families, Storage, /*Maybe=*/true});
    }
    json::Array Opens = entries(Opened);
    json::Array Closes = entries(Effect->Closes);
    if (Opens.empty() && Closes.empty())
      return std::nullopt;
    return json::Object{{"opens", std::move(Opens)},
                        {"closes", std::move(Closes)}};
  }

  static json::Array entries(const std::vector<ScopeEffect::Entry> &Entries) {
    json::Array Out;
    for (const ScopeEffect::Entry &E : Entries) {
      if (!E.Storage || !E.Storage->isField())
        continue;
      std::string Field = auditFieldName(*E.Storage->Fields.back());
      if (Field.empty())
        continue;
      json::Array Families;
      for (unsigned I = 0; I != NumScopeFamilies; ++I)
        if (E.Families.contains(ScopeFamily(I)))
          Families.push_back(scopeFamilyPrefix(ScopeFamily(I))
                                 .drop_front(strlen("memalloc_")));
      Out.push_back(json::Object{{"families", std::move(Families)},
                                 {"field", Field},
                                 {"maybe", E.Maybe}});
    }
    return Out;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  CallIndex &Calls;
  ScopeProof *Proof;
  const AuditHooks &Hooks;
  llvm::DenseMap<FileID, std::string> FileNames;
  llvm::DenseMap<const FunctionDecl *, std::string> FunctionIds;
};

} // namespace

std::string auditFunctionId(const FunctionDecl &FD, const SourceManager &SM) {
  return functionIdIn(FD, [&] { return auditFileName(definitionLoc(FD), SM); });
}

std::string auditFileName(SourceLocation Loc, const SourceManager &SM) {
  SourceLocation File = SM.getFileLoc(Loc);
  StringRef Name = SM.getFilename(File);
  if (Name.empty())
    if (PresumedLoc P = SM.getPresumedLoc(File); P.isValid())
      Name = P.getFilename();
  llvm::SmallString<256> Path(Name);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Cwd;
  if (llvm::sys::path::is_absolute(Path) && !llvm::sys::fs::current_path(Cwd))
    if (Cwd.push_back('/'), Path.starts_with(Cwd))
      Path.erase(Path.begin(), Path.begin() + Cwd.size());
  return std::string(Path);
}

std::string auditFieldName(const FieldDecl &Field) {
  const RecordDecl *RD = Field.getParent();
  StringRef Record = RD->getName();
  if (Record.empty())
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      Record = TD->getName();
  if (Record.empty() || !Field.getIdentifier())
    return "";
  return (Record + "::" + Field.getName()).str();
}

llvm::StringRef auditLevelName(GfpRestriction R) {
  switch (R) {
  case GfpRestriction::None:
    return "none";
  case GfpRestriction::NoFS:
    return "nofs";
  case GfpRestriction::NoIO:
    return "noio";
  }
  return "none";
}

json::Value buildAuditSummary(ASTContext &Ctx, CallIndex &Calls,
                              ScopeProof *Proof, const AuditHooks &Hooks) {
  return SummaryBuilder(Ctx, Calls, Proof, Hooks).build();
}

std::string writeAuditSummary(StringRef Dir, StringRef MainFile,
                              const json::Value &Summary) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return ("cannot create '" + Dir + "': " + EC.message()).str();
  std::string Base = MainFile.str();
  for (char &C : Base)
    if (C == '/' || C == '\\')
      C = '_';
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Base + ".json");
  llvm::SmallString<256> Temp(Path);
  Temp += ".tmp";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Temp, EC);
    if (EC)
      return ("cannot write '" + Temp + "': " + EC.message()).str();
    OS << Summary << "\n";
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path))
    return ("cannot write '" + Path + "': " + EC.message()).str();
  return "";
}

} // namespace gfpscope
