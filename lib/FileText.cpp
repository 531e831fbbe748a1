//===--- FileText.cpp - the user's file as text, and edits of it ----------===//

#include "lib/FileText.h"

#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <tuple>

using namespace llvm;

namespace gfpscope {

std::optional<std::string>
applyEdits(StringRef Buf, unsigned Begin, unsigned End, ArrayRef<Edit> Edits,
           SmallVectorImpl<std::pair<unsigned, unsigned>> *Written) {
  if (Begin > End || End > Buf.size())
    return std::nullopt;
  // By offset; two insertions at one offset in the order given.
  SmallVector<const Edit *, 4> Sorted;
  for (const Edit &E : Edits)
    Sorted.push_back(&E);
  llvm::sort(Sorted, [](const Edit *A, const Edit *B) {
    return std::make_tuple(A->Begin, A->End, A) <
           std::make_tuple(B->Begin, B->End, B);
  });
  std::string Out;
  unsigned Pos = Begin;
  for (const Edit *E : Sorted) {
    if (E->Begin < Pos || E->End < E->Begin || E->End > End)
      return std::nullopt;
    Out += Buf.slice(Pos, E->Begin).str();
    unsigned At = Out.size();
    Out += E->Text;
    if (Written)
      Written->push_back({At, unsigned(Out.size())});
    Pos = E->End;
  }
  Out += Buf.slice(Pos, End).str();
  return Out;
}

bool editsClash(const Edit &A, const Edit &B) {
  if (A.Begin == B.Begin)
    return true; // One offset for two fixes: order-dependent.
  if (A.Begin < B.End && B.Begin < A.End)
    return true;
  if (A.Begin == A.End && B.Begin < A.Begin && A.Begin < B.End)
    return true;
  if (B.Begin == B.End && A.Begin < B.Begin && B.Begin < A.End)
    return true;
  return false;
}

unsigned displayWidth(StringRef Line) {
  unsigned Col = 0;
  for (char C : Line)
    Col = C == '\t' ? (Col / 8 + 1) * 8 : Col + 1;
  return Col;
}

std::string shiftLines(StringRef Text, int Delta, bool Tabs) {
  if (Delta == 0 || !Text.contains('\n'))
    return Text.str();
  SmallVector<StringRef, 8> Lines;
  Text.split(Lines, '\n');
  std::string Out = Lines.front().str();
  for (size_t I = 1; I < Lines.size(); ++I) {
    StringRef Line = Lines[I];
    StringRef Rest = Line.ltrim(" \t");
    Out += "\n";
    if (Rest.empty())
      continue;
    int Width = int(displayWidth(Line.take_front(Line.size() - Rest.size())));
    Width = std::max(0, Width + Delta);
    if (Tabs)
      Out += std::string(Width / 8, '\t') + std::string(Width % 8, ' ');
    else
      Out += std::string(Width, ' ');
    Out += Rest.str();
  }
  return Out;
}

unsigned FileText::lineStart(unsigned Off) const {
  // StringRef::rfind(C, From) looks at the positions before From.
  size_t Pos = Buf.rfind('\n', Off);
  return Pos == StringRef::npos ? 0 : Pos + 1;
}

unsigned FileText::lineEnd(unsigned Off) const {
  size_t Pos = Buf.find('\n', Off);
  return Pos == StringRef::npos ? Buf.size() : Pos;
}

StringRef FileText::indentOf(unsigned Off) const {
  unsigned B = lineStart(Off), E = B;
  while (E < Buf.size() && (Buf[E] == ' ' || Buf[E] == '\t'))
    ++E;
  return Buf.slice(B, E);
}

bool FileText::startsLine(unsigned Off) const {
  return Buf.slice(lineStart(Off), Off).trim(" \t").empty();
}

bool FileText::isBlankLine(unsigned LineBegin) const {
  return Buf.slice(LineBegin, lineEnd(LineBegin)).trim(" \t\r").empty();
}

unsigned FileText::skipSpace(unsigned Off, bool StopAtNewline) const {
  while (Off < Buf.size()) {
    char C = Buf[Off];
    if (C == ' ' || C == '\t' || C == '\r' || C == '\f' || C == '\v') {
      ++Off;
    } else if (C == '\n') {
      if (StopAtNewline)
        return Off;
      ++Off;
    } else if (Buf.substr(Off).starts_with("//")) {
      Off = lineEnd(Off);
    } else if (Buf.substr(Off).starts_with("/*")) {
      size_t End = Buf.find("*/", Off + 2);
      if (End == StringRef::npos)
        return Buf.size();
      Off = End + 2;
    } else {
      return Off;
    }
  }
  return Off;
}

bool FileText::touchesDirective(unsigned B, unsigned E) const {
  unsigned L = lineStart(B);
  if (L > 0) {
    // A continued directive: the line before ends with a backslash.
    unsigned PrevEnd = L - 1;
    StringRef Prev = Buf.slice(lineStart(PrevEnd), PrevEnd).rtrim(" \t\r");
    if (Prev.ends_with("\\"))
      return true;
  }
  while (L <= E && L < Buf.size()) {
    unsigned LE = lineEnd(L);
    StringRef Line = Buf.slice(L, LE).ltrim(" \t");
    if (Line.starts_with("#"))
      return true;
    L = LE + 1;
  }
  return false;
}

bool FileText::sameConditions(unsigned B, unsigned E) const {
  unsigned L = lineEnd(B) + 1, Last = lineStart(E);
  int Depth = 0;
  while (L < Last && L < Buf.size()) {
    unsigned LE = lineEnd(L);
    StringRef Line = Buf.slice(L, LE).ltrim(" \t");
    if (Line.consume_front("#")) {
      Line = Line.ltrim(" \t");
      if (Line.starts_with("if"))
        ++Depth;
      else if (Line.starts_with("endif"))
        --Depth;
      else if ((Line.starts_with("el")) && Depth == 0)
        return false;
      if (Depth < 0)
        return false;
    }
    L = LE + 1;
  }
  return Depth == 0;
}

} // namespace gfpscope
