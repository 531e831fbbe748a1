//===--- KernelVersion.cpp - the kernel a translation unit is built for ---===//

#include "lib/KernelVersion.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;
using llvm::StringRef;

namespace gfpscope {

namespace {

/// The value of `NAME = N` on a line of its own.
std::optional<unsigned> makeVariable(StringRef Text, StringRef Name) {
  llvm::SmallVector<StringRef, 16> Lines;
  Text.split(Lines, '\n', /*MaxSplit=*/40);
  for (StringRef Line : Lines) {
    auto [Key, Value] = Line.split('=');
    unsigned N = 0;
    if (Key.trim() == Name && !Value.trim().getAsInteger(10, N))
      return N;
  }
  return std::nullopt;
}

/// The start of the file at \p Path (the version lines come first), if any.
std::optional<std::string> readHead(llvm::vfs::FileSystem &FS,
                                    const llvm::Twine &Path) {
  auto Buffer = FS.getBufferForFile(Path, /*FileSize=*/-1,
                                    /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt;
  return (*Buffer)->getBuffer().take_front(4096).str();
}

/// The kernel version of the tree rooted at \p Dir, if it is one.
std::optional<TargetKernel> treeAt(llvm::vfs::FileSystem &FS, StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "Makefile");
  if (auto Head = readHead(FS, Path))
    if (auto Version = parseKernelMakefile(*Head))
      return TargetKernel{Version, KernelVersionSource::Tree, Path.str().str()};
  Path = Dir;
  llvm::sys::path::append(Path, "include", "generated", "utsrelease.h");
  if (auto Head = readHead(FS, Path))
    if (auto Version = parseUtsRelease(*Head))
      return TargetKernel{Version, KernelVersionSource::Tree, Path.str().str()};
  return std::nullopt;
}

/// The compilation directory first (kbuild runs the compiler in the tree's
/// root), then the main file's directory and its ancestors (a file compiled
/// elsewhere, an out-of-tree module inside a tree).
std::optional<TargetKernel> treeOfUnit(const SourceManager &SM) {
  llvm::vfs::FileSystem &FS = SM.getFileManager().getVirtualFileSystem();
  if (auto Cwd = FS.getCurrentWorkingDirectory())
    if (auto Found = treeAt(FS, *Cwd))
      return Found;
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return std::nullopt;
  llvm::SmallString<256> Dir(Main->getName());
  if (FS.makeAbsolute(Dir))
    return std::nullopt;
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  for (StringRef Up = llvm::sys::path::parent_path(Dir); !Up.empty();
       Up = llvm::sys::path::parent_path(Up))
    if (auto Found = treeAt(FS, Up))
      return Found;
  return std::nullopt;
}

// Functions a release added, newest first, with the commit where
// kernel-facts.md names one. Only functions: the AST keeps their
// declarations, and a macro of the same meaning would need the
// preprocessor's history.
const HeaderMarker Markers[] = {
    // 6.12: "mm: vmalloc: implement vrealloc()" (vmalloc.h).
    {"vrealloc_noprof", kernelVersion(6, 12)},
    // 6.10: the allocation-tagging series made the allocators `*_noprof`
    // functions under alloc_hooks() macros (slab.h, vmalloc.h).
    {"kvmalloc_node_noprof", kernelVersion(6, 10)},
    {"__kvmalloc_node_noprof", kernelVersion(6, 10)},
    {"__vmalloc_noprof", kernelVersion(6, 10)},
    // 6.9: 3f6d5e6a468d "mm: introduce memalloc_flags_{save,restore}"
    // (sched/mm.h). Also a stable backport as a dependency: a bound, not the
    // version, as every marker here.
    {FlagsApiMarker, kernelVersion(6, 9)},
    // 5.17: 4034247a0d6a "mm: introduce memalloc_retry_wait()" (sched/mm.h).
    {"memalloc_retry_wait", kernelVersion(5, 17)},
};

} // namespace

llvm::ArrayRef<HeaderMarker> headerMarkers() { return Markers; }

std::optional<TargetKernel>
kernelFromHeaders(llvm::function_ref<bool(StringRef)> Declared) {
  for (const HeaderMarker &M : Markers)
    if (Declared(M.Function))
      return TargetKernel{M.Since, KernelVersionSource::Headers,
                          M.Function.str(), /*LowerBound=*/true};
  return std::nullopt;
}

std::optional<KernelVersionCode> parseKernelMakefile(StringRef Text) {
  auto Version = makeVariable(Text, "VERSION");
  auto PatchLevel = makeVariable(Text, "PATCHLEVEL");
  auto SubLevel = makeVariable(Text, "SUBLEVEL");
  if (!Version || !PatchLevel || !SubLevel || *Version > 255 ||
      *PatchLevel > 255)
    return std::nullopt;
  return kernelVersion(*Version, *PatchLevel, *SubLevel);
}

std::optional<KernelVersionCode> parseUtsRelease(StringRef Text) {
  size_t At = Text.find("UTS_RELEASE");
  if (At == StringRef::npos)
    return std::nullopt;
  StringRef Rest = Text.substr(At);
  size_t Open = Rest.find('"');
  if (Open == StringRef::npos)
    return std::nullopt;
  // "6.12.118-amd64": the numbers before the first character that is neither
  // a digit nor a dot.
  StringRef Release = Rest.substr(Open + 1);
  Release = Release.take_while([](char C) { return isDigit(C) || C == '.'; });
  return parseKernelVersion(Release.rtrim('.'));
}

TargetKernel findTargetKernel(std::optional<KernelVersionCode> Configured,
                              const ASTContext &Ctx, const Preprocessor &PP,
                              llvm::function_ref<bool(StringRef)> Declared) {
  if (Configured)
    return {Configured, KernelVersionSource::Option, ""};
  if (auto Code = readLinuxVersionCode(Ctx, PP))
    return {Code, KernelVersionSource::VersionCode, ""};
  if (auto Tree = treeOfUnit(Ctx.getSourceManager()))
    return *Tree;
  if (auto Marked = kernelFromHeaders(Declared))
    return *Marked;
  return {};
}

} // namespace gfpscope
