//===--- FileText.h - the user's file as text, and edits of it ------------===//
//
// The fix-it code works on the text of the user's file: offsets, lines,
// indentation, comments and preprocessor lines, and edits that replace a
// range of offsets. Nothing here knows clang's AST, so it is tested on plain
// strings (test/unit/FileTextTest.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef GFPSCOPE_LIB_FILETEXT_H
#define GFPSCOPE_LIB_FILETEXT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <utility>

namespace gfpscope {

/// One edit in the user's file: replace [Begin, End) with Text.
struct Edit {
  unsigned Begin;
  unsigned End;
  std::string Text;
};

/// The text of [Begin, End) of \p Buf with \p Edits applied, in the order of
/// their offsets (two insertions at one offset in the order given). None
/// when an edit reaches outside [Begin, End) or overlaps another. When
/// \p Written is given, it receives where the text of each edit lies in the
/// result, in the order the edits are applied.
std::optional<std::string> applyEdits(
    llvm::StringRef Buf, unsigned Begin, unsigned End,
    llvm::ArrayRef<Edit> Edits,
    llvm::SmallVectorImpl<std::pair<unsigned, unsigned>> *Written = nullptr);

/// True when \p A and \p B cannot both be applied whatever their order:
/// they overlap, one inserts inside the other's range, or they start at one
/// offset (clang-apply-replacements rejects that; the order of two
/// insertions there is not defined).
bool editsClash(const Edit &A, const Edit &B);

/// The columns \p Line takes with 8-column tabs.
unsigned displayWidth(llvm::StringRef Line);

/// Moves the continuation lines of \p Text by \p Delta columns, as the
/// text moves from one column to another: a call's arguments aligned with
/// its parenthesis stay aligned. Tabs then spaces when \p Tabs.
std::string shiftLines(llvm::StringRef Text, int Delta, bool Tabs);

/// Line-oriented views of one file's text.
class FileText {
public:
  explicit FileText(llvm::StringRef Buf) : Buf(Buf) {}

  llvm::StringRef text() const { return Buf; }
  llvm::StringRef slice(unsigned B, unsigned E) const {
    return Buf.slice(B, E);
  }
  char at(unsigned Off) const { return Off < Buf.size() ? Buf[Off] : '\0'; }

  unsigned lineStart(unsigned Off) const;
  unsigned lineEnd(unsigned Off) const;
  llvm::StringRef indentOf(unsigned Off) const;
  bool startsLine(unsigned Off) const;
  bool isBlankLine(unsigned LineBegin) const;
  /// The column of \p Off (8-column tabs).
  unsigned column(unsigned Off) const {
    return displayWidth(slice(lineStart(Off), Off));
  }

  /// Skips blanks and comments from \p Off; stops at the first newline
  /// outside a comment when \p StopAtNewline. Returns the offset reached.
  unsigned skipSpace(unsigned Off, bool StopAtNewline) const;

  bool onlySpace(unsigned B, unsigned E) const {
    return Buf.slice(B, E).trim(" \t\r\n").empty();
  }

  /// True when a preprocessor directive (or the continuation of one) is on
  /// any line that [B, E] touches.
  bool touchesDirective(unsigned B, unsigned E) const;

  /// True when the preprocessor conditionals on the lines strictly between
  /// the lines of \p B and \p E are balanced: code at \p B and at \p E is
  /// compiled under the same conditions. Other directives do not matter.
  bool sameConditions(unsigned B, unsigned E) const;

private:
  llvm::StringRef Buf;
};

} // namespace gfpscope

#endif // GFPSCOPE_LIB_FILETEXT_H
