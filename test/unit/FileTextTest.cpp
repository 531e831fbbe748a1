#include "lib/FileText.h"

#include "gtest/gtest.h"

using namespace gfpscope;

namespace {

TEST(FileText, ApplyEditsInOffsetOrder) {
  // Given out of order: applied by offset.
  std::vector<Edit> Edits = {{6, 11, "there"}, {0, 5, "Bye"}};
  EXPECT_EQ(applyEdits("hello world!", 0, 12, Edits), "Bye there!");
}

TEST(FileText, ApplyEditsToARange) {
  // Only [Begin, End) comes out, with the edits inside it.
  llvm::StringRef Buf = "int x = f(GFP_NOFS);";
  EXPECT_EQ(applyEdits(Buf, 8, 19, {{10, 18, "GFP_KERNEL"}}), "f(GFP_KERNEL)");
  EXPECT_EQ(applyEdits(Buf, 8, 19, {}), "f(GFP_NOFS)");
  EXPECT_EQ(applyEdits(Buf, 0, 0, {}), "");
}

TEST(FileText, ApplyEditsInsertionsAtOneOffsetInTheOrderGiven) {
  EXPECT_EQ(applyEdits("ab", 0, 2, {{1, 1, "1"}, {1, 1, "2"}}), "a12b");
  EXPECT_EQ(applyEdits("ab", 0, 2, {{1, 1, "2"}, {1, 1, "1"}}), "a21b");
  // An insertion at the start of a replacement goes before it.
  EXPECT_EQ(applyEdits("abc", 0, 3, {{1, 2, "X"}, {1, 1, "+"}}), "a+Xc");
}

TEST(FileText, ApplyEditsRejectsOverlapsAndEditsOutside) {
  llvm::StringRef Buf = "0123456789";
  EXPECT_FALSE(applyEdits(Buf, 0, 10, {{2, 5, "x"}, {4, 6, "y"}}));
  EXPECT_FALSE(applyEdits(Buf, 0, 10, {{2, 5, "x"}, {3, 3, "y"}}));
  EXPECT_FALSE(applyEdits(Buf, 3, 6, {{2, 4, "x"}}));
  EXPECT_FALSE(applyEdits(Buf, 3, 6, {{5, 7, "x"}}));
  EXPECT_FALSE(applyEdits(Buf, 0, 11, {}));
  // Touching is not overlapping.
  EXPECT_EQ(applyEdits(Buf, 0, 10, {{2, 5, "x"}, {5, 6, "y"}}), "01xy6789");
  EXPECT_EQ(applyEdits(Buf, 3, 6, {{3, 6, ""}}), "");
}

TEST(FileText, ApplyEditsSaysWhereEachTextLanded) {
  llvm::SmallVector<std::pair<unsigned, unsigned>, 4> Written;
  auto Out =
      applyEdits("a;\nb;\n", 0, 6, {{3, 3, "x;\n"}, {0, 2, "aa;"}}, &Written);
  ASSERT_TRUE(Out);
  EXPECT_EQ(*Out, "aa;\nx;\nb;\n");
  ASSERT_EQ(Written.size(), 2u);
  EXPECT_EQ(Out->substr(Written[0].first, Written[0].second - Written[0].first),
            "aa;");
  EXPECT_EQ(Out->substr(Written[1].first, Written[1].second - Written[1].first),
            "x;\n");
}

TEST(FileText, EditsClash) {
  Edit Replace{3, 5, "x"};
  // One offset for two edits, whatever they are.
  EXPECT_TRUE(editsClash(Replace, {3, 3, "y"}));
  EXPECT_TRUE(editsClash({7, 7, "a"}, {7, 7, "b"}));
  // Overlap, and an insertion inside a replaced range.
  EXPECT_TRUE(editsClash(Replace, {4, 6, "y"}));
  EXPECT_TRUE(editsClash(Replace, {4, 4, "y"}));
  EXPECT_TRUE(editsClash({4, 4, "y"}, Replace));
  EXPECT_TRUE(editsClash({0, 10, ""}, Replace));
  // Next to each other.
  EXPECT_FALSE(editsClash(Replace, {5, 5, "y"}));
  EXPECT_FALSE(editsClash(Replace, {5, 8, "y"}));
  EXPECT_FALSE(editsClash({1, 3, "y"}, Replace));
  EXPECT_FALSE(editsClash({2, 2, "y"}, {3, 3, "z"}));
}

TEST(FileText, Lines) {
  FileText T("a\n\t  b c\n   \n\nx");
  EXPECT_EQ(T.lineStart(0), 0u);
  EXPECT_EQ(T.lineStart(1), 0u); // The '\n' belongs to its line.
  EXPECT_EQ(T.lineStart(2), 2u);
  EXPECT_EQ(T.lineStart(7), 2u);
  EXPECT_EQ(T.lineEnd(2), 8u);
  EXPECT_EQ(T.lineEnd(14), 15u); // Last line, no newline.
  EXPECT_EQ(T.indentOf(7), "\t  ");
  EXPECT_EQ(T.indentOf(0), "");
  EXPECT_TRUE(T.startsLine(5));
  EXPECT_FALSE(T.startsLine(7));
  EXPECT_TRUE(T.isBlankLine(9));
  EXPECT_TRUE(T.isBlankLine(13));
  EXPECT_FALSE(T.isBlankLine(2));
  EXPECT_EQ(T.column(5), 10u); // A tab and two spaces.
  EXPECT_EQ(T.at(0), 'a');
  EXPECT_EQ(T.at(100), '\0');
}

TEST(FileText, SkipSpaceSkipsComments) {
  FileText T("x; /* c */ // d\n  y; /* a\nb */ z");
  EXPECT_EQ(T.skipSpace(2, /*StopAtNewline=*/true), 15u);
  EXPECT_EQ(T.skipSpace(2, /*StopAtNewline=*/false), 18u);
  // A comment over several lines is skipped even when stopping at newlines.
  EXPECT_EQ(T.skipSpace(20, /*StopAtNewline=*/true), 31u);
  FileText Open("x /* never closed");
  EXPECT_EQ(Open.skipSpace(1, true), Open.text().size());
  EXPECT_TRUE(T.onlySpace(2, 3));
  EXPECT_FALSE(T.onlySpace(2, 5));
}

TEST(FileText, TouchesDirective) {
  FileText T("a;\n#ifdef X\nb;\n#endif\nc;\n#define M \\\n\td;\ne;\n");
  auto At = [&](char C) {
    return unsigned(T.text().find(std::string(1, C) + ";"));
  };
  unsigned B = At('b'), C = At('c'), D = At('d'), E = At('e');
  EXPECT_FALSE(T.touchesDirective(B, B + 2));
  EXPECT_TRUE(T.touchesDirective(0, B));     // Lines 1-3.
  EXPECT_FALSE(T.touchesDirective(C, C));    // Line 5 alone.
  EXPECT_TRUE(T.touchesDirective(D, D + 2)); // The continuation of #define.
  EXPECT_FALSE(T.touchesDirective(E, E + 2));
}

TEST(FileText, SameConditions) {
  FileText T("a;\n#if X\nb;\n#else\nc;\n#endif\nd;\n#if Y\ne;\n#endif\nf;\n");
  auto At = [&](char C) {
    return unsigned(T.text().find(std::string(1, C) + ";"));
  };
  EXPECT_TRUE(T.sameConditions(At('a'), At('d'))); // Balanced between.
  EXPECT_TRUE(T.sameConditions(At('a'), At('f')));
  EXPECT_FALSE(T.sameConditions(At('a'), At('b'))); // Inside #if X.
  EXPECT_FALSE(T.sameConditions(At('b'), At('c'))); // Across #else.
  EXPECT_FALSE(T.sameConditions(At('c'), At('d'))); // Past #endif.
  EXPECT_TRUE(T.sameConditions(At('b'), At('b')));
  // Other directives do not matter.
  FileText U("a;\n#define Q 1\n#include <x.h>\nb;\n");
  EXPECT_TRUE(U.sameConditions(0, unsigned(U.text().find("b;"))));
}

TEST(FileText, ShiftLinesKeepsAlignment) {
  // `p = f(a,` / `      b);` moved 4 columns right.
  EXPECT_EQ(shiftLines("f(a,\n      b);", 4, /*Tabs=*/false),
            "f(a,\n          b);");
  EXPECT_EQ(shiftLines("f(a,\n\t  b);", 8, /*Tabs=*/true), "f(a,\n\t\t  b);");
  EXPECT_EQ(shiftLines("f(a,\n\t  b);", -8, /*Tabs=*/true), "f(a,\n  b);");
  // Never left of the first column; blank lines stay empty.
  EXPECT_EQ(shiftLines("f(a,\n  b,\n\n  c);", -4, /*Tabs=*/false),
            "f(a,\nb,\n\nc);");
  EXPECT_EQ(shiftLines("one line", 4, false), "one line");
  EXPECT_EQ(shiftLines("f(a,\n  b);", 0, false), "f(a,\n  b);");
}

} // namespace
