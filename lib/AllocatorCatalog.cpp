//===--- AllocatorCatalog.cpp - the vmalloc family and its wrappers -------===//

#include "lib/AllocatorCatalog.h"
#include "lib/CallIndex.h"
#include "lib/MaskValues.h"
#include "lib/ScopeCoverage.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

using namespace clang;

namespace gfpscope {

// Signatures and the versions that have them: kernel-facts §3.1 and §3.2. The
// gfp argument is never given here: it is the callee's gfp_t parameter, whose
// position moves (the 5.8 pgprot removal, CONFIG_SLAB_BUCKETS in 6.11+).
static constexpr AllocatorEntry BuiltinAllocators[] = {
    // vmalloc proper.
    {"__vmalloc", AllocatorKind::Vmalloc},
    {"__vmalloc_noprof", AllocatorKind::Vmalloc},
    {"__vmalloc_node", AllocatorKind::Vmalloc},
    {"__vmalloc_node_noprof", AllocatorKind::Vmalloc},
    {"__vmalloc_node_range", AllocatorKind::Vmalloc},
    {"__vmalloc_node_range_noprof", AllocatorKind::Vmalloc},
    {"__vmalloc_node_flags_caller", AllocatorKind::Vmalloc}, // 4.12-5.7
    {"__vmalloc_array", AllocatorKind::Vmalloc},
    {"__vmalloc_array_noprof", AllocatorKind::Vmalloc},
    {"__vcalloc", AllocatorKind::Vmalloc},
    {"__vcalloc_noprof", AllocatorKind::Vmalloc},
    {"vmalloc_huge", AllocatorKind::Vmalloc},
    {"vmalloc_huge_noprof", AllocatorKind::Vmalloc},
    {"vmalloc_huge_node", AllocatorKind::Vmalloc},
    {"vmalloc_huge_node_noprof", AllocatorKind::Vmalloc},
    {"vrealloc", AllocatorKind::Vmalloc}, // 6.12+
    {"vrealloc_noprof", AllocatorKind::Vmalloc},
    {"vrealloc_node_align", AllocatorKind::Vmalloc},
    {"vrealloc_node_align_noprof", AllocatorKind::Vmalloc},
    // kvmalloc: kmalloc first, vmalloc as the fallback.
    {"kvmalloc", AllocatorKind::Kvmalloc},
    {"kvzalloc", AllocatorKind::Kvmalloc},
    {"kvmalloc_node", AllocatorKind::Kvmalloc},
    {"kvmalloc_node_noprof", AllocatorKind::Kvmalloc},
    {"__kvmalloc_node_noprof", AllocatorKind::Kvmalloc}, // 6.11+
    {"kvzalloc_node", AllocatorKind::Kvmalloc},
    {"kvmalloc_array", AllocatorKind::Kvmalloc},
    {"kvmalloc_array_noprof", AllocatorKind::Kvmalloc},
    {"kvmalloc_array_node_noprof", AllocatorKind::Kvmalloc},
    {"kvcalloc", AllocatorKind::Kvmalloc},
    {"kvcalloc_noprof", AllocatorKind::Kvmalloc},
    {"kvcalloc_node", AllocatorKind::Kvmalloc},
    {"kvcalloc_node_noprof", AllocatorKind::Kvmalloc},
    {"kvrealloc", AllocatorKind::Kvmalloc}, // 4 args until 6.11, then 3
    {"kvrealloc_noprof", AllocatorKind::Kvmalloc},
    {"kvrealloc_node_align_noprof", AllocatorKind::Kvmalloc},
    {"kmem_buckets_valloc", AllocatorKind::Kvmalloc},
};

llvm::ArrayRef<AllocatorEntry> builtinAllocators() { return BuiltinAllocators; }

bool isBuiltinAllocatorName(llvm::StringRef Name) {
  return llvm::any_of(BuiltinAllocators, [&](const AllocatorEntry &Entry) {
    return Entry.Name == Name;
  });
}

llvm::StringRef userFacingAllocatorName(llvm::StringRef CalleeName) {
  llvm::StringRef Name = CalleeName;
  Name.consume_back("_noprof");
  if (Name == "__kvmalloc_node")
    return "kvmalloc_node";
  return Name;
}

namespace {

struct GfpUseEntry {
  llvm::StringLiteral Name;
  GfpUse Use;
};

// Each entry with the kernel's reason; every other gfp_t-taking function
// allocates now (kmalloc, kmem_cache_alloc, alloc_pages, bio_alloc, ...).
constexpr GfpUseEntry NotAllocatingNow[] = {
    // The address_space keeps the mask for every later page-cache allocation
    // of the mapping (readahead, writeback, other tasks): include/linux/
    // pagemap.h, all versions.
    {"mapping_set_gfp_mask", GfpUse::StoresForLater},
    // The xarray keeps its flags (XA_FLAGS_*, gfp bits) for its lifetime.
    {"xa_init_flags", GfpUse::StoresForLater},
    // A zpool keeps the mask for the pool's later allocations (mm/zpool.c,
    // until 6.14).
    {"zpool_create_pool", GfpUse::StoresForLater},
    // mapping_gfp_mask(mapping) & gfp: a mask for a later call.
    {"mapping_gfp_constraint", GfpUse::ComputesMask},
    // The mask with the task's scope applied (include/linux/sched/mm.h).
    {"current_gfp_context", GfpUse::ComputesMask},
    // The mask for a nested allocation (6.14+, include/linux/gfp.h).
    {"gfp_nested_mask", GfpUse::ComputesMask},
    // Properties of a mask.
    {"gfpflags_allow_blocking", GfpUse::ComputesMask},
    {"gfpflags_normal_context", GfpUse::ComputesMask},
    {"gfp_migratetype", GfpUse::ComputesMask},
    {"gfp_zone", GfpUse::ComputesMask},
    {"gfp_has_io_fs", GfpUse::ComputesMask},
};

} // namespace

GfpUse gfpUseOf(llvm::StringRef CalleeName) {
  for (const GfpUseEntry &Entry : NotAllocatingNow)
    if (Entry.Name == CalleeName)
      return Entry.Use;
  return GfpUse::AllocatesNow;
}

bool isGfpParameter(const ParmVarDecl &Param) {
  QualType T = Param.getType();
  while (const auto *Typedef = T->getAs<TypedefType>()) {
    if (Typedef->getDecl()->getName() == "gfp_t")
      return true;
    T = Typedef->desugar();
  }
  return false;
}

std::optional<unsigned> gfpParameterIndex(const FunctionDecl &FD) {
  for (unsigned I = 0, N = FD.getNumParams(); I < N; ++I)
    if (isGfpParameter(*FD.getParamDecl(I)))
      return I;
  return std::nullopt;
}

namespace {

/// An ExtraAllocators entry: "name" or "name:vmalloc" (vmalloc-like),
/// "name:kvmalloc" (kvmalloc-like); anything else is none.
std::optional<std::pair<llvm::StringRef, AllocatorKind>>
parseExtraAllocator(llvm::StringRef Item) {
  auto [Name, Kind] = Item.split(':');
  Name = Name.trim();
  Kind = Kind.trim();
  if (Name.empty())
    return std::nullopt;
  if (Kind.empty() && !Item.contains(':'))
    return std::make_pair(Name, AllocatorKind::Vmalloc);
  if (Kind == "vmalloc")
    return std::make_pair(Name, AllocatorKind::Vmalloc);
  if (Kind == "kvmalloc")
    return std::make_pair(Name, AllocatorKind::Kvmalloc);
  return std::nullopt;
}

} // namespace

bool isValidExtraAllocator(llvm::StringRef Item) {
  return parseExtraAllocator(Item).has_value();
}

AllocatorResolver::AllocatorResolver(llvm::ArrayRef<std::string> Extra) {
  for (const AllocatorEntry &Entry : BuiltinAllocators)
    Catalog[Entry.Name] = Entry.Kind;
  for (llvm::StringRef Item : Extra)
    if (auto Parsed = parseExtraAllocator(Item))
      Catalog[Parsed->first] = Parsed->second;
}

std::optional<AllocatorKind>
AllocatorResolver::catalogKind(llvm::StringRef Name) const {
  auto It = Catalog.find(Name);
  if (It == Catalog.end())
    return std::nullopt;
  return It->second;
}

std::vector<llvm::StringRef> AllocatorResolver::catalogNames() const {
  std::vector<llvm::StringRef> Names;
  for (const auto &Entry : Catalog)
    Names.push_back(Entry.getKey());
  return Names;
}

std::optional<AllocatorCall>
AllocatorResolver::resolve(const FunctionDecl &Callee, CallIndex &Calls) {
  const FunctionDecl *FD = Callee.getCanonicalDecl();
  if (auto It = Memo.find(FD); It != Memo.end())
    return It->second;
  Memo[FD] = std::nullopt; // Guards against recursion through wrappers.

  std::optional<AllocatorCall> Result;
  std::optional<unsigned> GfpIndex = gfpParameterIndex(Callee);
  if (!GfpIndex) {
    // Another project's kvmalloc(int), or a K&R declaration: not ours.
  } else if (const IdentifierInfo *II = Callee.getIdentifier();
             II && Catalog.count(II->getName())) {
    Result = AllocatorCall{Catalog.lookup(II->getName()), *GfpIndex};
  } else if (const FunctionDecl *Definition = Callee.getDefinition()) {
    Result = findWrappedCall(*Definition, Calls);
  }
  Memo[FD] = Result;
  return Result;
}

} // namespace gfpscope
